import ArgumentParser
import Foundation
import MeetingEvalCore
import MeetingEvalPasswords
import MeetingEvalStorage

#if canImport(Glibc)
    import Glibc
#endif

/// `meeting-eval user …`: accounts from the command line, on the database the server uses
/// (also while it runs).
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Manage accounts: add, list, disable, enable, and make API tokens.",
        subcommands: [Add.self, List.self, Password.self, Organizations.self, Disable.self, Enable.self, Token.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add an account. The password is read from the terminal (twice, not shown), or from "
                + "standard input when that is not a terminal, or generated and printed once with --generate-password."
        )

        @Argument(help: "Account name: letters, digits, '.', '_', '-', '@' (at most 64).")
        var name: String

        @ArgumentParser.Option(help: "admin, organizer or evaluator.")
        var role: String

        @Flag(help: "Generate a password and print it once.")
        var generatePassword = false

        @ArgumentParser.Option(
            name: .customLong("organization"),
            help: "An organization the account belongs to (repeat for several; admins need none).")
        var organizations: [String] = []

        @OptionGroup var store: StoreOptions

        func run() async throws {
            guard let role = Role(rawValue: role) else {
                throw ValidationError("unknown role '\(role)'; use admin, organizer or evaluator")
            }
            let password: String? = generatePassword ? nil : try PasswordInput.read(for: name)
            try await add(role: role, password: password, store: try await store.open(logger: .quiet, create: true))
        }

        private func add(role: Role, password: String?, store: some EvaluationStore) async throws {
            let service = AccountService(store: store, passwords: Passwords())
            do {
                let (account, generated) = try await service.createAccount(
                    name: name, role: role, password: password, organizations: organizations, actor: "cli")
                let memberships = account.organizations.isEmpty ? "" : " in \(account.organizations.joined(separator: ", "))"
                print("added \(account.name) (\(account.role.rawValue))\(memberships)")
                if let generated { print("password: \(generated)  (shown once; store it safely)") }
            } catch let error as DomainError {
                throw ValidationError(error.commandLineText)
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the accounts.")

        @OptionGroup var store: StoreOptions

        func run() async throws {
            let accounts = try await store.open(logger: .quiet, create: false).accounts()
            if accounts.isEmpty {
                print("no accounts; add one with: meeting-eval user add NAME --role admin")
                return
            }
            let width = max(4, accounts.map(\.name.count).max() ?? 4)
            print(
                "NAME".padding(toLength: width, withPad: " ", startingAt: 0)
                    + "  ROLE       STATUS    CREATED                   ORGANIZATIONS")
            for account in accounts {
                print(
                    account.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  "
                        + account.role.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0) + "  "
                        + (account.disabled ? "disabled" : "active  ") + "  " + Timestamp.format(account.createdAt)
                        + "  " + account.organizations.joined(separator: ","))
            }
        }
    }

    struct Organizations: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set the organizations an account belongs to (replacing its memberships; none: leave out "
                + "--organization).")

        @Argument var name: String

        @ArgumentParser.Option(name: .customLong("organization"), help: "An organization (repeat for several).")
        var organizations: [String] = []

        @OptionGroup var store: StoreOptions

        func run() async throws {
            try await set(store: try await store.open(logger: .quiet, create: false))
        }

        private func set(store: some EvaluationStore) async throws {
            do {
                let account = try await OrganizationService(store: store).setMemberships(
                    accountName: name, organizations: organizations, actor: "cli")
                print("\(account.name): \(account.organizations.isEmpty ? "no organization" : account.organizations.joined(separator: ", "))")
            } catch let error as DomainError {
                throw ValidationError(error.commandLineText)
            }
        }
    }

    struct Password: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set a new password for an account (read like `add`, or generated with --generate-password); "
                + "its browser sessions end.")

        @Argument var name: String

        @Flag(help: "Generate a password and print it once.")
        var generatePassword = false

        @OptionGroup var store: StoreOptions

        func run() async throws {
            let password: String? = generatePassword ? nil : try PasswordInput.read(for: name)
            try await setPassword(password, store: try await store.open(logger: .quiet, create: false))
        }

        private func setPassword(_ password: String?, store: some EvaluationStore) async throws {
            let service = AccountService(store: store, passwords: Passwords())
            do {
                let (account, generated) = try await service.setPassword(name: name, password: password, actor: "cli")
                print("set a new password for \(account.name); its sessions have ended")
                if let generated { print("password: \(generated)  (shown once; store it safely)") }
            } catch let error as DomainError {
                throw ValidationError(error.commandLineText)
            }
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Disable an account: it can no longer sign in, and its sessions and API tokens stop working.")

        @Argument var name: String
        @OptionGroup var store: StoreOptions

        func run() async throws {
            try await UserCommand.setDisabled(true, name: name, store: store)
        }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Enable a disabled account again.")

        @Argument var name: String
        @OptionGroup var store: StoreOptions

        func run() async throws {
            try await UserCommand.setDisabled(false, name: name, store: store)
        }
    }

    struct Token: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make an API token for an account (for scripts: Authorization: Bearer …); printed once.")

        @Argument var name: String

        @ArgumentParser.Option(help: "What the token is for, e.g. \"nightly export\".")
        var label: String

        @OptionGroup var store: StoreOptions

        func run() async throws {
            try await makeToken(store: try await store.open(logger: .quiet, create: false))
        }

        private func makeToken(store opened: some EvaluationStore) async throws {
            guard let account = try await opened.account(name: name) else {
                throw ValidationError("no account named '\(name)'")
            }
            guard !account.disabled else { throw ValidationError("the account '\(name)' is disabled") }
            do {
                let (token, secret) = try await AccountService(store: opened, passwords: Passwords()).createToken(
                    for: account, label: label, actor: "cli")
                print("token \(token.id) for \(account.name) (\(account.role.rawValue)):")
                print(secret)
            } catch let error as DomainError {
                throw ValidationError(error.commandLineText)
            }
        }
    }

    static func setDisabled(_ disabled: Bool, name: String, store: StoreOptions) async throws {
        do {
            let account = try await store.open(logger: .quiet, create: false).setDisabled(
                disabled, accountName: name, actor: "cli", at: Date())
            print("\(account.name) is \(account.disabled ? "disabled" : "enabled")")
        } catch let error as DomainError {
            throw ValidationError(error.commandLineText)
        }
    }
}

extension DomainError {
    /// The message and its issues, one per line.
    var commandLineText: String {
        switch self {
        case .invalid(let message, let issues):
            return ([message] + issues.map { "\($0.path): \($0.message)" }).joined(separator: "\n")
        case .notFound(let message), .unauthorized(let message):
            return message
        case .conflict(let message, _), .forbidden(let message, _):
            return message
        }
    }
}

/// Reads a new password: from the terminal without echo (asked twice), else one line of
/// standard input.
enum PasswordInput {
    static func read(for name: String) throws -> String {
        if isatty(STDIN_FILENO) == 1 {
            let first = try prompt("Password for \(name): ")
            let second = try prompt("Again: ")
            guard first == second else { throw ValidationError("the two passwords differ") }
            return first
        }
        guard let line = readLine(strippingNewline: true), !line.isEmpty else {
            throw ValidationError("no password on standard input; pipe one in, or use --generate-password")
        }
        return line
    }

    private static func prompt(_ text: String) throws -> String {
        FileHandle.standardError.write(Data(text.utf8))
        var saved = termios()
        tcgetattr(STDIN_FILENO, &saved)
        var silent = saved
        silent.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent)
        defer {
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved)
            FileHandle.standardError.write(Data("\n".utf8))
        }
        guard let line = readLine(strippingNewline: true) else { throw ValidationError("no password given") }
        return line
    }
}
