import ArgumentParser
import AirlockAppliance

/// The process exit codes, one per outcome, so scripts can tell them apart.
enum ExitStatus {
    /// Everything verified (or the command succeeded).
    static let success = ExitCode(0)
    /// A verification ran and failed (a check did not hold).
    static let verificationFailed = ExitCode(1)
    /// The input was malformed, missing or unsafe.
    static let badInput = ExitCode(2)
    /// An internal error.
    static let internalError = ExitCode(3)

    /// The exit code for an appliance error.
    static func code(for error: ApplianceError) -> ExitCode {
        switch error.code {
        case .badInput: return badInput
        case .internalError: return internalError
        }
    }
}

/// Prints one line to standard error.
func printError(_ line: String) {
    var stderr = StandardError()
    print(line, to: &stderr)
}

/// A `TextOutputStream` over standard error.
struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        FileHandle.standardError.write(Data(string.utf8))
    }
}

import Foundation
