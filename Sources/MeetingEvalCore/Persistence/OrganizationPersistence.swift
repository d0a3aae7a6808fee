import Foundation

/// Organizations and who belongs to them. Whether one may be deleted is decided in Core
/// (`OrganizationService`), inside the store's transaction through `deleteOrganization`.
public protocol OrganizationPersistence: Sendable {
    /// Stores a new organization with an `organization.created` audit event; `conflict` when
    /// the id is taken.
    func createOrganization(_ organization: Organization, actor: String) async throws
    /// Every organization, by id.
    func organizations() async throws -> [Organization]
    /// Renames an organization (`organization.renamed`, before and after); `notFound` for an
    /// unknown id.
    func renameOrganization(id: String, name: LocalizedText, actor: String, at: Date) async throws -> Organization
    /// Counts what the organization holds inside one write transaction and hands it to
    /// `decide`, which may throw; then deletes it (`organization.deleted`). `notFound` for an
    /// unknown id.
    func deleteOrganization(
        id: String, actor: String, at: Date, _ decide: @escaping @Sendable (OrganizationUsage) throws -> Void
    ) async throws
    /// Replaces an account's organizations (`account.organizations`, before and after);
    /// `notFound` for an unknown account. The ids must exist (the caller checks).
    func setOrganizations(_ organizations: [String], accountName: String, actor: String, at: Date) async throws
        -> Account
}
