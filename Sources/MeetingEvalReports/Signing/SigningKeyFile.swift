import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The scorecard signing key of a data folder: `signing-key.pem` beside the SQLite database,
/// an Ed25519 private key in PEM (PKCS#8, RFC 8410, readable by `openssl pkey`), mode 0600.
///
/// The first `serve` (or `scorecard`) makes it; later runs reuse it. A file that exists but
/// cannot be read as a key is an error, never replaced: a new key would make every scorecard
/// signed so far fail against the published key.
public struct SigningKeyFile: Sendable {
    public static let fileName = "signing-key.pem"

    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// The key file of the data folder that holds `databasePath`.
    public init(databasePath: String) {
        let folder = URL(fileURLWithPath: databasePath).deletingLastPathComponent()
        self.init(path: folder.appendingPathComponent(Self.fileName).path)
    }

    public struct Loaded: Sendable {
        public var signer: ScorecardSigner
        /// True when this call made the key.
        public var created: Bool
        /// False when others than the owner may read the file (it should be 0600).
        public var isPrivate: Bool
    }

    /// Reads the key; throws `missingKeyFile` when there is none.
    public func load() throws(SigningKeyError) -> Loaded {
        var status = stat()
        guard stat(path, &status) == 0 else {
            let error = errno
            if error == ENOENT { throw .missingKeyFile(path: path) }
            throw .unusableKeyFile(path: path, reason: String(cString: strerror(error)))
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            throw .unusableKeyFile(path: path, reason: "it is not a regular file")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unusableKeyFile(path: path, reason: "it cannot be read (check its owner and permissions)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .unusableKeyFile(path: path, reason: "it is not text, so not a PEM key")
        }
        do {
            let signer = try ScorecardSigner(pem: text)
            return Loaded(signer: signer, created: false, isPrivate: status.st_mode & 0o077 == 0)
        } catch {
            throw .unusableKeyFile(path: path, reason: error.description)
        }
    }

    /// Reads the key, or makes one when there is no file yet. Two processes starting at once
    /// end up with the same key: the file appears complete or not at all (written beside,
    /// then linked into place, which fails if another process was first).
    public func loadOrCreate() throws(SigningKeyError) -> Loaded {
        do {
            return try load()
        } catch .missingKeyFile {
            // Make one below.
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw .unusableKeyFile(path: path, reason: "its folder cannot be made: \(error.localizedDescription)")
        }
        let signer = ScorecardSigner.ephemeral()
        let temporary = "\(folder)/.\(Self.fileName).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).partial"
        try write(Array(signer.pem.utf8), to: temporary)
        defer { unlink(temporary) }
        if link(temporary, path) != 0 {
            let error = errno
            if error == EEXIST { return try load() }
            throw .unusableKeyFile(path: path, reason: "it cannot be written: \(String(cString: strerror(error)))")
        }
        let directory = open(folder, O_RDONLY)
        if directory >= 0 {
            _ = fsync(directory)
            close(directory)
        }
        return Loaded(signer: signer, created: true, isPrivate: true)
    }

    /// Writes a new file readable by its owner only, synced to disk.
    private func write(_ bytes: [UInt8], to file: String) throws(SigningKeyError) {
        let descriptor = open(file, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw .unusableKeyFile(path: path, reason: "it cannot be written: \(String(cString: strerror(errno)))")
        }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        do {
            try handle.write(contentsOf: bytes)
            try handle.synchronize()
            try handle.close()
        } catch {
            unlink(file)
            throw .unusableKeyFile(path: path, reason: "it cannot be written: \(error.localizedDescription)")
        }
    }
}
