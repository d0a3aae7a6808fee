import Foundation
import MeetingEvalCore
import MeetingEvalPasswords
import MeetingEvalReports

/// How `meeting-eval serve` runs. Every field has a default that works from the repository root.
public struct AppConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// SQLite file; its folder is created on first start.
    public var databasePath: String
    /// Folder of questionnaire files loaded at start; nil to load none.
    public var surveysDirectory: String?
    /// Folder of the browser front end.
    public var webDirectory: String
    /// Folder holding `scoring.md`, served rendered at `/scoring`; nil: the `docs` folder beside
    /// the web folder (the repository's layout).
    public var docsDirectory: String?
    /// Largest accepted request body, in bytes.
    public var maxBodySize: Int
    /// Connections the kernel may queue before the server accepts them. A venue's attendees
    /// all press "submit" within seconds; a short queue would turn that burst into refused
    /// connections and retries.
    public var listenBacklog: Int
    /// The address attendees use to reach the server (`https://eval.example.gov.cn`), for the
    /// links and QR codes of the distribution sheet; nil to use the host each request names.
    public var publicURL: String?
    /// Rate limits per client address on submissions, sign-ins and invitation codes
    /// (`AbuseLimits`); `.off` for load tests.
    public var abuseLimits: AbuseLimits.Configuration

    /// A token that is an admin's API token for the life of the process (`--admin-token`,
    /// `MEETING_EVAL_ADMIN_TOKEN`), for automation and tests; nil for none.
    public var adminToken: String?
    /// Adds `Secure` to the session cookie: set when the server is reached over HTTPS.
    public var secureCookies: Bool
    /// How long a sign-in lasts, in seconds.
    public var sessionLifetime: TimeInterval
    /// bcrypt cost of new password hashes.
    public var passwordCost: UInt8
    /// The assessor (评估机构) of a new evaluation whose request names none (`--assessor`).
    public var defaultAssessor: String?
    /// The meeting standards evaluations may name (the surveys folder's `standards`).
    public var standards: StandardCatalog
    /// The printable report's time zone and comment setting (`--time-zone`).
    public var report: ReportOptions
    /// Headless Chromium for the PDF report (`--chromium`); nil: PDFs are unavailable (503).
    public var chromium: ChromiumPDF?
    /// How long a client may take to send a request's head and body, and keep a connection idle.
    public var timeouts: ConnectionTimeouts
    /// One live dashboard snapshot per evaluation and second, shared by all its streams; off
    /// only as the live benchmark's baseline (every stream computes its own).
    public var sharedLiveSnapshots: Bool

    public static let defaultSessionLifetime: TimeInterval = 12 * 3600
    public static let defaultMaxBodySize = 256 * 1024
    public static let defaultListenBacklog = 4096

    public init(
        host: String = "127.0.0.1", port: Int = 8080, databasePath: String = "data/meeting-eval.sqlite",
        surveysDirectory: String? = "Surveys", webDirectory: String = "Web", maxBodySize: Int = defaultMaxBodySize,
        listenBacklog: Int = defaultListenBacklog, publicURL: String? = nil,
        abuseLimits: AbuseLimits.Configuration = AbuseLimits.Configuration()
    ) {
        self.host = host
        self.port = port
        self.databasePath = databasePath
        self.surveysDirectory = surveysDirectory
        self.webDirectory = webDirectory
        self.docsDirectory = nil
        self.maxBodySize = maxBodySize
        self.listenBacklog = listenBacklog
        self.publicURL = publicURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        self.abuseLimits = abuseLimits
        self.adminToken = nil
        self.secureCookies = publicURL?.lowercased().hasPrefix("https://") ?? false
        self.sessionLifetime = Self.defaultSessionLifetime
        self.passwordCost = Passwords.defaultCost
        self.defaultAssessor = nil
        self.standards = StandardCatalog()
        self.report = ReportOptions()
        self.chromium = nil
        self.timeouts = ConnectionTimeouts()
        self.sharedLiveSnapshots = true
    }
}
