import Foundation

/// Starts and waits for child processes for `CLI` and `Tool`: the one place tests create a `Process`.
enum ProcessLauncher {
    /// Collects one pipe's bytes on a background queue, so a child that fills both pipes never blocks.
    /// `@unchecked Sendable`: `data` is written only by the reader and read only after `group.wait()`.
    private final class Drain: @unchecked Sendable {
        var data = Data()
    }

    /// A configured, not yet started process; `environment` is merged over this process's environment.
    static func process(_ executable: URL, _ arguments: [String], environment: [String: String]) -> Process {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        return process
    }

    /// Starts `executable` with its output discarded and returns the running process.
    static func start(_ executable: URL, _ arguments: [String]) throws -> Process {
        let process = process(executable, arguments, environment: [:])
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Runs `executable` to completion, feeding `stdin` and capturing standard output and error.
    static func run(_ executable: URL, _ arguments: [String], stdin: StandardInput,
                    environment: [String: String]) throws -> CommandResult {
        let process = process(executable, arguments, environment: environment)
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        switch stdin {
        case .none: process.standardInput = FileHandle.nullDevice
        case .data: process.standardInput = input
        case .file(let url): process.standardInput = try FileHandle(forReadingFrom: url)
        }
        try process.run()
        let group = DispatchGroup()
        let drains = (out: Drain(), err: Drain())
        for (pipe, drain) in [(out, drains.out), (err, drains.err)] {
            DispatchQueue.global().async(group: group) { drain.data = pipe.fileHandleForReading.readDataToEndOfFile() }
        }
        if case .data(let bytes) = stdin {
            try? input.fileHandleForWriting.write(contentsOf: bytes)
            try? input.fileHandleForWriting.close()
        }
        group.wait()
        process.waitUntilExit()
        return CommandResult(status: process.terminationStatus, terminatedBySignal: process.terminationReason == .uncaughtSignal,
                             stdoutData: drains.out.data, stderrData: drains.err.data)
    }
}
