/// A parse failure: what kind of failure, a human reason, and where (file and field path),
/// so the CLI can print one clear line and `--output json` can carry the code.
public struct FormatError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure, stable for scripts.
    public enum Code: String, Sendable, Codable {
        /// The bytes are not well-formed JSON (or exceed the depth or size limits).
        case malformedJSON = "malformed-json"
        /// A required field is absent.
        case missingField = "missing-field"
        /// A field is present but its value is not acceptable.
        case invalidField = "invalid-field"
        /// A field that must be base64 is not.
        case badBase64 = "bad-base64"
        /// A version or media type this build does not know.
        case unsupportedVersion = "unsupported-version"
        /// An input exceeds a limit in `Limits`.
        case limitExceeded = "limit-exceeded"
        /// Text that is not valid UTF-8 or breaks a text grammar (signed notes, checkpoints).
        case malformedText = "malformed-text"
    }

    /// The kind of failure.
    public var code: Code
    /// A one-line human explanation.
    public var reason: String
    /// The JSON path or grammar element at fault (for example `verificationMaterial.tlogEntries[0].logIndex`).
    public var field: String?
    /// The file the input came from, when known; parsers leave it nil and callers fill it in.
    public var file: String?

    /// Makes an error.
    public init(_ code: Code, _ reason: String, field: String? = nil, file: String? = nil) {
        self.code = code
        self.reason = reason
        self.field = field
        self.file = file
    }

    /// The same error, attributed to a file.
    public func inFile(_ file: String) -> FormatError {
        var copy = self
        copy.file = file
        return copy
    }

    /// `file: field: reason`, omitting what is unknown.
    public var description: String {
        [file, field, reason].compactMap { $0 }.joined(separator: ": ")
    }
}
