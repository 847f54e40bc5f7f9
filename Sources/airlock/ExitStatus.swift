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

    /// The exit code for an appliance error, decided by its kind.
    static func code(for error: ApplianceError) -> ExitCode {
        switch error.kind {
        case .badInput: return badInput
        case .verificationFailed: return verificationFailed
        case .internalError: return internalError
        }
    }
}
