import Foundation
import AirlockTestKit

/// Runs the built `airlock` executable and captures its exit code and output.
struct CLIResult {
    let status: Int32
    let stdout: String
    let stderr: String
}

enum CLI {
    /// The `airlock` binary next to the test bundle (SwiftPM builds it with the tests).
    static let binary: URL = {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("airlock")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        return Corpus.packageRoot.appendingPathComponent(".build/debug/airlock")
    }()

    /// Runs `airlock arguments`; `stdin`, when given, is the file fed to its standard input.
    static func run(_ arguments: [String], environment: [String: String] = [:], stdin: URL? = nil) throws -> CLIResult {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { $1 }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        if let stdin { process.standardInput = try FileHandle(forReadingFrom: stdin) }
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CLIResult(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                         stderr: String(decoding: stderr, as: UTF8.self))
    }
}
