import Foundation
import PostgresNIO

/// Where the PostgreSQL database is, from a URL:
/// `postgres://user[:password]@host[:port]/database` (also `postgresql://`), or a Unix socket
/// folder as `postgres://user@/database?host=/var/run/postgresql` (libpq's form) or with the
/// folder percent-encoded as the host. Query parameters: `sslmode` (`disable`, `prefer`, the
/// default, or `require`) and `pool` (connections, default 10).
public struct PostgresLocation: Sendable, Equatable, CustomStringConvertible {
    public enum Endpoint: Sendable, Equatable {
        case tcp(host: String, port: Int)
        case socket(folder: String, port: Int)
    }

    public enum TLSMode: String, Sendable {
        case disable, prefer, require
    }

    public var endpoint: Endpoint
    public var username: String
    public var password: String?
    public var database: String
    public var tls: TLSMode
    public var poolSize: Int

    public static let defaultPoolSize = 10

    /// True for text that names PostgreSQL rather than an SQLite file.
    public static func isPostgresURL(_ text: String) -> Bool {
        let lower = text.lowercased()
        return lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://")
    }

    public struct InvalidURL: Error, CustomStringConvertible {
        public var description: String
    }

    public init(url text: String) throws {
        guard Self.isPostgresURL(text), let components = URLComponents(string: text) else {
            throw InvalidURL(description: "not a PostgreSQL URL: expected postgres://user[:password]@host[:port]/database")
        }
        guard let user = components.percentEncodedUser.flatMap({ $0.removingPercentEncoding }), !user.isEmpty else {
            throw InvalidURL(description: "the PostgreSQL URL names no user (postgres://user@host/database)")
        }
        username = user
        password = components.percentEncodedPassword.flatMap { $0.removingPercentEncoding }
        let name = String(components.percentEncodedPath.drop { $0 == "/" }).removingPercentEncoding ?? ""
        guard !name.isEmpty, !name.contains("/") else {
            throw InvalidURL(description: "the PostgreSQL URL names no database (postgres://user@host/database)")
        }
        database = name
        let query = Dictionary(
            (components.queryItems ?? []).map { ($0.name.lowercased(), $0.value ?? "") }, uniquingKeysWith: { $1 })
        let port = components.port ?? query["port"].flatMap(Int.init) ?? 5432
        guard (1...65535).contains(port) else { throw InvalidURL(description: "the PostgreSQL port must be 1 to 65535") }
        let host = components.percentEncodedHost.flatMap { $0.removingPercentEncoding } ?? ""
        if let folder = query["host"], folder.hasPrefix("/") {
            endpoint = .socket(folder: folder, port: port)
        } else if host.hasPrefix("/") {
            endpoint = .socket(folder: host, port: port)
        } else if !host.isEmpty {
            endpoint = .tcp(host: host, port: port)
        } else {
            throw InvalidURL(description: "the PostgreSQL URL names no host (or ?host=/socket/folder)")
        }
        switch query["sslmode"] ?? "prefer" {
        case "disable": tls = .disable
        case "prefer", "allow": tls = .prefer
        case "require", "verify-ca", "verify-full": tls = .require
        case let other: throw InvalidURL(description: "unknown sslmode '\(other)' (disable, prefer or require)")
        }
        if let pool = query["pool"] {
            guard let size = Int(pool), (1...1000).contains(size) else {
                throw InvalidURL(description: "pool must be a number of connections from 1 to 1000")
            }
            poolSize = size
        } else {
            poolSize = Self.defaultPoolSize
        }
    }

    /// The same location without the password, for logs.
    public var description: String {
        let place: String
        switch endpoint {
        case .tcp(let host, let port): place = "\(host):\(port)"
        case .socket(let folder, let port): place = "\(folder)/.s.PGSQL.\(port)"
        }
        return "postgres://\(username)@\(place)/\(database)"
    }

    /// The location as a libpq URL (with the password), for `psql`, `pg_dump` and `pgbench`.
    public var connectionURL: String {
        func encoded(_ text: String) -> String {
            text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~")))
                ?? text
        }
        let credentials = encoded(username) + (password.map { ":" + encoded($0) } ?? "")
        switch endpoint {
        case .tcp(let host, let port):
            let shownHost = host.contains(":") ? "[\(host)]" : host
            return "postgresql://\(credentials)@\(shownHost):\(port)/\(encoded(database))"
        case .socket(let folder, let port):
            return "postgresql://\(credentials)@/\(encoded(database))?host=\(encoded(folder))&port=\(port)"
        }
    }

    /// A location of another database on the same server (tests and `migrate` use it).
    public func with(database: String) -> PostgresLocation {
        var copy = self
        copy.database = database
        return copy
    }

    var clientConfiguration: PostgresClient.Configuration {
        var configuration: PostgresClient.Configuration
        switch endpoint {
        case .tcp(let host, let port):
            let tls: PostgresClient.Configuration.TLS
            switch self.tls {
            case .disable: tls = .disable
            case .prefer: tls = .prefer(.makeClientConfiguration())
            case .require: tls = .require(.makeClientConfiguration())
            }
            configuration = .init(host: host, port: port, username: username, password: password, database: database, tls: tls)
        case .socket(let folder, let port):
            configuration = .init(
                unixSocketPath: "\(folder)/.s.PGSQL.\(port)", username: username, password: password, database: database
            )
        }
        configuration.options.maximumConnections = poolSize
        configuration.options.minimumConnections = 0
        configuration.options.connectTimeout = .seconds(5)
        return configuration
    }
}
