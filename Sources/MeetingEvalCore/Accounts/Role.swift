/// What an account may do. Roles are fixed; each route needs one permission.
public enum Role: String, Sendable, CaseIterable, Codable {
    /// Manages users and may do everything the other roles may.
    case admin
    /// Questionnaires, evaluations, distribution and invitation codes, the live dashboard,
    /// reading scorecards.
    case organizer
    /// Reads everything of the evaluations (scorecards, raw answers), screens responses and
    /// records exclusions; changes no questionnaire or evaluation.
    case evaluator

    public var permissions: Set<Permission> {
        switch self {
        case .admin:
            return Set(Permission.allCases)
        case .organizer:
            return [
                .readQuestionnaires, .writeQuestionnaires, .readEvaluations, .manageEvaluations, .readDistribution,
                .manageInvitations, .readScorecards, .recordFacts, .manageOwnTokens,
            ]
        case .evaluator:
            return [
                .readQuestionnaires, .readEvaluations, .readDistribution, .readScorecards, .readRawData, .screen,
                .writeOpinion, .recordFacts, .manageOwnTokens,
            ]
        }
    }

    public func may(_ permission: Permission) -> Bool { permissions.contains(permission) }
}

/// One kind of action a route performs. Nobody has a permission to change or delete a response.
public enum Permission: String, Sendable, CaseIterable {
    case readQuestionnaires
    case writeQuestionnaires
    case readEvaluations
    /// Create, open and close evaluations.
    case manageEvaluations
    /// Attendee links, QR codes, the live dashboard.
    case readDistribution
    case manageInvitations
    /// Scorecards in every format, the codebook and comparisons.
    case readScorecards
    /// One row per response, and the screening list.
    case readRawData
    /// Exclude and include responses.
    case screen
    /// Write the evaluator's opinion (评估意见) of an evaluation.
    case writeOpinion
    /// Record what the meeting did (会议实况): times, attendance, speeches, documents, cost.
    case recordFacts
    case manageUsers
    case readAudit
    case readMetrics
    /// Create, list and revoke one's own API tokens.
    case manageOwnTokens
}
