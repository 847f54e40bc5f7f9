import Foundation

/// Crash points for the kill tests: when `AIRLOCK_FAILPOINT` names one, the process kills itself with
/// SIGKILL there, exactly as a power cut or `kill -9` would (no cleanup runs). Unset, it does nothing.
enum Failpoint {
    /// After every file is signed and written into the staging directory, before the approval is recorded.
    static let approveBeforeRecord = "approve-before-record"
    /// After the approval is recorded, before the staging directory is renamed onto `--out`.
    static let approveBeforeRename = "approve-before-rename"

    static func hit(_ name: String, environment: [String: String] = ProcessInfo.processInfo.environment) {
        guard environment["AIRLOCK_FAILPOINT"] == name else { return }
        kill(getpid(), SIGKILL)
    }
}
