public import AirlockFormats
import Foundation

/// A failure of an appliance use case: a stable code (which the CLI maps to an exit code), a one-line
/// reason, and where (file and field) when known.
public struct ApplianceError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure.
    public enum Code: String, Sendable, Codable {
        /// The input is malformed, missing or unsafe (exit code 2).
        case badInput = "bad-input"
        /// Something failed that is not the input's fault (exit code 3).
        case internalError = "internal-error"
    }

    /// The kind of failure.
    public var code: Code
    /// A one-line human explanation.
    public var reason: String
    /// The file involved, when known.
    public var file: String?
    /// The field involved, when known.
    public var field: String?

    /// Makes an error.
    public init(_ code: Code, _ reason: String, file: String? = nil, field: String? = nil) {
        self.code = code
        self.reason = reason
        self.file = file
        self.field = field
    }

    /// A bad-input error from a parse failure in `file`.
    public static func from(_ error: FormatError, file: String) -> ApplianceError {
        ApplianceError(.badInput, error.reason, file: error.file ?? file, field: error.field)
    }

    /// `file: field: reason`, always on one line (multi-line library messages, such as YAML parser
    /// errors, are folded so the CLI prints exactly one line).
    public var description: String {
        [file, field, reason].compactMap { $0 }.joined(separator: ": ")
            .split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: " ")
    }
}
