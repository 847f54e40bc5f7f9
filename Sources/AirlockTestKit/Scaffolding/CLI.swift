public import Foundation

/// Runs the built `airlock` executable, as an operator would, and captures what it did.
///
/// `swift build --build-tests` builds it beside the test bundle; tests that cannot do without it are
/// gated with `.enabled(if: CLI.isBuilt, "airlock executable not built")`.
public enum CLI {
    /// The `airlock` binary: beside the test bundle, else under `.build/debug` or `.build/release`.
    public static let binary: URL? = {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("airlock")
        let built = ["debug", "release"].map { Corpus.packageRoot.appendingPathComponent(".build/\($0)/airlock") }
        return ([beside] + built).first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()

    /// Whether the binary was found.
    public static var isBuilt: Bool { binary != nil }

    /// Runs `airlock arguments` to completion; `environment` is merged over this process's environment.
    public static func run(_ arguments: [String], environment: [String: String] = [:], stdin: StandardInput = .none) throws -> CommandResult {
        try ProcessLauncher.run(try located(), arguments, stdin: stdin, environment: environment)
    }

    /// Runs `airlock arguments --state state` to completion.
    public static func run(_ arguments: [String], state: URL, stdin: StandardInput = .none) throws -> CommandResult {
        try run(arguments + ["--state", state.path], stdin: stdin)
    }

    /// Starts `airlock arguments` with its output discarded and returns at once (to kill it mid-way).
    public static func start(_ arguments: [String]) throws -> Process {
        try ProcessLauncher.start(try located(), arguments)
    }

    private static func located() throws -> URL {
        guard let binary else { throw CommandFailed(command: ["airlock"], result: .missing("airlock")) }
        return binary
    }
}
