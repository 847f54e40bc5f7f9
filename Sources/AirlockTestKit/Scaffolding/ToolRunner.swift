public import Foundation

/// An external program a test runs (python3, openssl, tar, skopeo…), found on `PATH`.
///
/// Gate a test on it with `.enabled(if: Tool.skopeo.isAvailable, "skopeo is not installed")`, so a machine
/// without the tool shows the test as skipped with that reason instead of failing it.
public struct Tool: Sendable {
    /// The program name looked up on `PATH`.
    public let name: String
    /// Where the program was found, or nil.
    public let executable: URL?

    /// Looks `name` up on `PATH` (then `/usr/bin`, `/usr/local/bin`, `/bin`).
    public init(_ name: String) {
        self.name = name
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let directories = path.split(separator: ":").map(String.init) + ["/usr/bin", "/usr/local/bin", "/bin"]
        executable = directories.lazy.map { URL(fileURLWithPath: $0).appendingPathComponent(name) }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// Whether the program was found.
    public var isAvailable: Bool { executable != nil }

    /// Runs the program with `arguments` and returns whatever it did (a non-zero status is not an error).
    public func run(_ arguments: [String], stdin: StandardInput = .none, environment: [String: String] = [:]) throws -> CommandResult {
        try ProcessLauncher.run(located(arguments), arguments, stdin: stdin, environment: environment)
    }

    /// Runs the program as a set-up step: returns its standard output, throws `CommandFailed` on a non-zero status.
    @discardableResult
    public func checked(_ arguments: [String], stdin: StandardInput = .none, environment: [String: String] = [:]) throws -> Data {
        let result = try run(arguments, stdin: stdin, environment: environment)
        guard result.succeeded else { throw CommandFailed(command: [name] + arguments, result: result) }
        return result.stdoutData
    }

    /// Starts the program with its output discarded and returns at once (for its process id, or to kill it).
    public func start(_ arguments: [String]) throws -> Process {
        try ProcessLauncher.start(located(arguments), arguments)
    }

    /// The program's location, or `CommandFailed` (status 127) when it is not installed.
    private func located(_ arguments: [String]) throws -> URL {
        guard let executable else { throw CommandFailed(command: [name] + arguments, result: .missing(name)) }
        return executable
    }

    /// Python 3 (schema validation, SQLite and OCI checks written in Python).
    public static let python3 = Tool("python3")
    /// The OpenSSL command line (signature recipes).
    public static let openssl = Tool("openssl")
    /// GNU tar (packing directories into bundles, listing archives).
    public static let tar = Tool("tar")
    /// gzip (compressed bundles).
    public static let gzip = Tool("gzip")
    /// zstd (compressed bundles).
    public static let zstd = Tool("zstd")
    /// skopeo (reads OCI image layouts back).
    public static let skopeo = Tool("skopeo")
    /// jq (the approval README's recipe).
    public static let jq = Tool("jq")
    /// bash (runs recipes copied from generated READMEs).
    public static let bash = Tool("bash")
    /// chmod (read-only state directories).
    public static let chmod = Tool("chmod")
    /// true (a child that exits at once, for a process id nobody has any more).
    public static let trueProgram = Tool("true")
    /// setpriv (util-linux): runs a command under another user id, for permission tests run as root.
    public static let setpriv = Tool("setpriv")
}

extension CommandResult {
    /// The result standing for a program that could not be started because it is not installed.
    static func missing(_ name: String) -> CommandResult {
        CommandResult(status: 127, terminatedBySignal: false, stdoutData: Data(), stderrData: Data("\(name): not found".utf8))
    }
}
