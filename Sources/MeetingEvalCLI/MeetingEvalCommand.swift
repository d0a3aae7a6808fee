import ArgumentParser

/// `meeting-eval`: meeting quality evaluation surveys with weighted, multi-rater scoring.
@main
struct MeetingEvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "meeting-eval",
        abstract: "Meeting quality evaluation: questionnaires, attendee responses, weighted scores.",
        subcommands: [
            ServeCommand.self, ValidateCommand.self, ScorecardCommand.self, ExportCommand.self, DemoCommand.self,
            BackupCommand.self,
            MigrateCommand.self,
            UserCommand.self, VerifyCommand.self,
        ],
        defaultSubcommand: nil
    )
}
