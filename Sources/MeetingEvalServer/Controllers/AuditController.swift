import Foundation
import Hummingbird
import MeetingEvalCore

/// `GET /api/audit`: the audit log for admins, newest first, in pages.
struct AuditController<Store: EvaluationStore> {
    let store: Store

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.requiring(.readAudit).get("audit", use: list)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let query = request.uri.queryParameters
        let limit =
            try query.get("limit").map { text -> Int in
                guard let value = Int(text), (1...1000).contains(value) else {
                    throw DomainError.invalid(
                        "Bad query.", [ValidationIssue(path: "limit", message: "must be a whole number from 1 to 1000")]
                    )
                }
                return value
            } ?? 100
        let before = try query.get("before").map { text -> Int64 in
            guard let value = Int64(text), value > 0 else {
                throw DomainError.invalid(
                    "Bad query.", [ValidationIssue(path: "before", message: "must be an event id")])
            }
            return value
        }
        let entity = query.get("entity").flatMap { $0.isEmpty || $0.count > 200 ? nil : $0 }
        let events = try await store.auditLog(entityId: entity, before: before, limit: limit)
        return try JSONResponse.make(
            .ok, AuditPageBody(events: events, next: events.count == limit ? events.last?.id : nil))
    }
}

struct AuditPageBody: Encodable {
    var events: [AuditEvent]
    /// Pass as `before` for the next (older) page; absent on the last page.
    var next: Int64?
}
