public import Foundation

/// What a finished child process left behind: its exit status and everything it wrote.
///
/// The one result type of `CLI` (the built `airlock` binary) and `Tool` (python3, openssl, tar…), so a
/// negative test can assert the status *and* the reason text the same way everywhere.
public struct CommandResult: Sendable {
    /// The exit status (or the signal number when `terminatedBySignal`).
    public let status: Int32
    /// Whether the process was killed by a signal instead of exiting.
    public let terminatedBySignal: Bool
    /// The raw bytes of standard output.
    public let stdoutData: Data
    /// The raw bytes of standard error.
    public let stderrData: Data

    /// Standard output as UTF-8 text.
    public var stdout: String { String(decoding: stdoutData, as: UTF8.self) }
    /// Standard error as UTF-8 text.
    public var stderr: String { String(decoding: stderrData, as: UTF8.self) }
    /// Standard output followed by standard error, for tools that report on either.
    public var output: String { stdout + stderr }
    /// Whether the process exited with status 0.
    public var succeeded: Bool { !terminatedBySignal && status == 0 }
}

/// What a child process reads on its standard input.
public enum StandardInput: Sendable {
    /// Nothing: standard input is closed at once.
    case none
    /// These bytes, then end of file.
    case data(Data)
    /// The contents of this file.
    case file(URL)
}

/// The error `Tool.checked` throws when a set-up step fails.
public struct CommandFailed: Error, CustomStringConvertible, Sendable {
    /// The command line that failed.
    public let command: [String]
    /// What it returned.
    public let result: CommandResult
    /// One line naming the command, its status and its standard error.
    public var description: String {
        "\(command.joined(separator: " ")) exited \(result.status): \(result.stderr)"
    }
}
