import ArgumentParser
import MeetingEvalServer

extension ServeCommand {
    /// The rate limits from the flags, else the environment, else the defaults;
    /// `--no-rate-limits` (or `MEETING_EVAL_RATE_LIMITS=0`) turns every one off.
    func abuseLimits(environment: [String: String]) throws -> AbuseLimits.Configuration {
        let trust =
            trustForwardedFor || ["1", "true", "yes"].contains(environment["MEETING_EVAL_TRUST_FORWARDED_FOR"] ?? "")
        if noRateLimits || environment["MEETING_EVAL_RATE_LIMITS"] == "0" {
            var off = AbuseLimits.Configuration.off
            off.trustForwardedFor = trust
            return off
        }
        func perMinute(_ flag: Int?, _ variable: String, _ name: String, default value: Int) throws -> Int {
            let text = environment[variable]
            guard let chosen = flag ?? (text.map { Int($0) ?? -1 }) else { return value }
            guard chosen >= 0 else {
                throw ValidationError("--\(name) (or \(variable)) must be a whole number, 0 or more (0 = no limit).")
            }
            return chosen
        }
        typealias Defaults = AbuseLimits.Configuration
        return AbuseLimits.Configuration(
            submissionsPerMinute: try perMinute(
                submissionsPerMinute, "MEETING_EVAL_SUBMISSIONS_PER_MINUTE", "submissions-per-minute",
                default: Defaults.defaultSubmissionsPerMinute),
            loginsPerMinute: try perMinute(
                loginsPerMinute, "MEETING_EVAL_LOGINS_PER_MINUTE", "logins-per-minute",
                default: Defaults.defaultLoginsPerMinute),
            codeAttemptsPerMinute: try perMinute(
                codeAttemptsPerMinute, "MEETING_EVAL_CODE_ATTEMPTS_PER_MINUTE", "code-attempts-per-minute",
                default: Defaults.defaultCodeAttemptsPerMinute),
            trustForwardedFor: trust)
    }
}
