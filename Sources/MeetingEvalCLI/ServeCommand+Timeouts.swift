import ArgumentParser
import MeetingEvalServer

extension ServeCommand {
    /// The connection timeouts from the flags, else the environment, else the defaults.
    func connectionTimeouts(environment: [String: String]) throws -> ConnectionTimeouts {
        func seconds(_ flag: Double?, _ variable: String, _ name: String, default value: Double) throws -> Double {
            let text = environment[variable]
            guard let chosen = flag ?? (text.map { Double($0) ?? -1 }) else { return value }
            guard chosen > 0, chosen <= 3600 else {
                throw ValidationError("--\(name) (or \(variable)) must be a number of seconds above 0, at most 3600.")
            }
            return chosen
        }
        return ConnectionTimeouts(
            header: try seconds(
                readHeaderTimeout, "MEETING_EVAL_READ_HEADER_TIMEOUT", "read-header-timeout",
                default: ConnectionTimeouts.defaultHeader),
            body: try seconds(
                readBodyTimeout, "MEETING_EVAL_READ_BODY_TIMEOUT", "read-body-timeout",
                default: ConnectionTimeouts.defaultBody),
            idle: try seconds(
                idleTimeout, "MEETING_EVAL_IDLE_TIMEOUT", "idle-timeout", default: ConnectionTimeouts.defaultIdle))
    }
}
