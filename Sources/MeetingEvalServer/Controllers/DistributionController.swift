import Foundation
import Hummingbird
import MeetingEvalCore
import QRCode

/// How attendees reach an evaluation: one link per venue (the venue picker preset) and its QR
/// code, for the sheet the organizer shows at the end of the meeting.
struct DistributionController<Store: EvaluationStore> {
    let store: Store
    /// The address attendees use, from `serve --public-url`; nil to take the request's host.
    let publicURL: String?

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        let readers = group.requiring(.readDistribution)
        readers.get("evaluations/{id}/distribution", use: distribution)
        readers.get("evaluations/{id}/qr.svg", use: qrCode)
    }

    @Sendable func distribution(_ request: Request, context: AppRequestContext) async throws -> Response {
        let evaluation = try await store.evaluation(idParameterOf: context)
        let base = baseURL(of: request)
        let targets: [Venue?] = evaluation.venues.isEmpty ? [nil] : evaluation.venues.map { $0 }
        return try JSONResponse.make(
            .ok,
            DistributionBody(
                evaluation: evaluation.id, slug: evaluation.slug, baseURL: base,
                publicURLConfigured: publicURL != nil,
                addressWarning: publicURL == nil ? Self.warning(AttendeeAddress.reach(of: base)) : nil,
                links: targets.map { venue in
                    DistributionBody.Link(
                        venue: venue, url: Self.link(base: base, slug: evaluation.slug, venue: venue?.id),
                        qr: "/api/evaluations/\(evaluation.id)/qr.svg"
                            + (venue.map { "?venue=\(Self.queryValue($0.id))" } ?? ""))
                }))
    }

    /// `?venue=ID` picks the venue's link; without it, the link without a preset venue.
    @Sendable func qrCode(_ request: Request, context: AppRequestContext) async throws -> Response {
        let evaluation = try await store.evaluation(idParameterOf: context)
        let venueId = request.uri.queryParameters.get("venue")
        var title = evaluation.title
        if let venueId {
            guard let venue = evaluation.venues.first(where: { $0.id == venueId }) else {
                throw DomainError.notFound("This evaluation has no such venue.")
            }
            title += " · " + venue.name.resolved("zh", defaultLocale: "zh")
        }
        let code = try QRCode(text: Self.link(base: baseURL(of: request), slug: evaluation.slug, venue: venueId))
        return Response(
            status: .ok,
            headers: [.contentType: "image/svg+xml; charset=utf-8", .cacheControl: "no-cache"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: code.svg(title: title))))
    }

    /// `loopback` or `linkLocal` when phones cannot open the links; nil otherwise.
    static func warning(_ reach: AttendeeAddress.Reach) -> AttendeeAddress.Reach? {
        reach == .network ? nil : reach
    }

    static func link(base: String, slug: String, venue: String?) -> String {
        "\(base)/e/\(slug)" + (venue.map { "?venue=\(queryValue($0))" } ?? "")
    }

    private static func queryValue(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~")))
            ?? text
    }

    /// The configured public address, else `http://` and the Host the browser used (when it
    /// looks like a host name or address with an optional port).
    func baseURL(of request: Request) -> String {
        if let publicURL { return publicURL }
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: ".-:[]"))
        if let host = request.head.authority, !host.isEmpty, host.utf8.count <= 255,
            host.unicodeScalars.allSatisfy({ $0.isASCII && allowed.contains($0) })
        {
            return "http://\(host)"
        }
        return "http://localhost"
    }
}

extension QRCode.EncodingError: HTTPResponseError {
    public var status: HTTPResponse.Status { .unprocessableContent }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        try DomainError.invalid(
            "The attendee link is too long for a QR code; use a shorter public address.", []
        ).response(from: request, context: context)
    }
}

struct DistributionBody: Encodable {
    var evaluation: String
    var slug: String
    var baseURL: String
    /// Whether `serve --public-url` sets the links' address.
    var publicURLConfigured: Bool
    /// `loopback` or `linkLocal` when the links point where no phone can follow (only without
    /// `--public-url`); absent otherwise.
    var addressWarning: AttendeeAddress.Reach?
    var links: [Link]

    struct Link: Encodable {
        var venue: Venue?
        var url: String
        var qr: String
    }
}
