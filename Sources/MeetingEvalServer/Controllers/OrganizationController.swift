import Foundation
import Hummingbird
import MeetingEvalCore

/// Organizations: admins create, rename and delete them; everyone signed in lists the ones
/// they see (an admin all, anyone else their own).
struct OrganizationController<Store: EvaluationStore> {
    let store: Store
    let bodies: RequestBodyReader

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.requiring(nil).get("organizations", use: list)
        let admins = group.requiring(.manageUsers)
        admins.post("organizations", use: create)
        admins.put("organizations/{organizationId}", use: rename)
        admins.delete("organizations/{organizationId}", use: delete)
    }

    var service: OrganizationService<Store> { OrganizationService(store: store) }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let organizations = try await service.list(scope: context.scope)
        return try JSONResponse.make(.ok, OrganizationListBody(organizations: organizations.map(OrganizationBody.init)))
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let organization = try await service.create(try await bodies.json(request), actor: context.actor)
        return try JSONResponse.make(.created, OrganizationBody(organization))
    }

    @Sendable func rename(_ request: Request, context: AppRequestContext) async throws -> Response {
        let organization = try await service.rename(
            id: try context.parameters.decoded("organizationId"), try await bodies.json(request), actor: context.actor)
        return try JSONResponse.make(.ok, OrganizationBody(organization))
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await service.delete(id: try context.parameters.decoded("organizationId"), actor: context.actor)
        return Response(status: .noContent)
    }
}

struct OrganizationBody: Encodable {
    var id: String
    var name: LocalizedText
    var createdAt: String

    init(_ organization: Organization) {
        id = organization.id
        name = organization.name
        createdAt = Timestamp.format(organization.createdAt)
    }
}

struct OrganizationListBody: Encodable {
    var organizations: [OrganizationBody]
}
