import Foundation

/// A failure of an appliance use case, the one error type the CLI sees: a stable `code` naming the
/// specific problem (`unsafe-path`, `digest-mismatch`, `policy.unknown-key`, `missing-state`…), the
/// `kind` that decides the exit code, a one-line reason, and where it happened (file, field, entry, digest).
public struct ApplianceError: Error, Sendable, Equatable, CustomStringConvertible, Encodable {
    /// Who is to blame, which decides the exit code.
    public enum Kind: String, Sendable, Codable {
        /// The input is malformed, missing or unsafe (exit code 2).
        case badInput = "bad-input"
        /// A verification ran and the evidence did not hold (exit code 1).
        case verificationFailed = "verification-failed"
        /// Something failed that is not the input's fault (exit code 3).
        case internalError = "internal-error"
    }

    /// The specific problem, stable for scripts (a lower layer's code, or the kind's raw value).
    public var code: String
    /// Who is to blame: bad input, failed verification, or the machine.
    public var kind: Kind
    /// A one-line human explanation.
    public var reason: String
    /// The file involved, when known.
    public var file: String?
    /// The field (or command-line option) involved, when known.
    public var field: String?
    /// The archive entry involved, when known.
    public var entry: String?
    /// The digest involved, when known.
    public var digest: String?

    /// Makes an error; `code` defaults to the kind's raw value (`bad-input`, `internal-error`…).
    public init(_ kind: Kind, _ reason: String, code: String? = nil, file: String? = nil, field: String? = nil,
                entry: String? = nil, digest: String? = nil) {
        self.code = code ?? kind.rawValue
        self.kind = kind
        self.reason = reason
        self.file = file
        self.field = field
        self.entry = entry
        self.digest = digest
    }

    /// `file: entry: field: reason (code)`, always on one line (multi-line library messages, such as
    /// YAML parser errors, are folded so the CLI prints exactly one line).
    public var description: String {
        let text = [file, entry, field, reason].compactMap { $0 }.joined(separator: ": ")
            .split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: " ")
        return code == kind.rawValue ? text : "\(text) (\(code))"
    }
}
