/// Input the layout verification could not use (a missing file, an unreadable directory, a malformed
/// option): the CLI prints it on one line and exits with "bad input".
public struct LayoutInputError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of problem, stable for scripts.
    public enum Code: String, Sendable, Codable {
        /// A file or directory could not be read.
        case unreadable
        /// An option value is malformed.
        case badOption = "bad-option"
        /// An input exceeds a limit in `Limits`.
        case limitExceeded = "limit-exceeded"
    }

    /// The kind of problem.
    public var code: Code
    /// A one-line human explanation.
    public var reason: String
    /// The file or option at fault.
    public var subject: String

    /// Makes an error.
    public init(_ code: Code, _ reason: String, subject: String) {
        self.code = code
        self.reason = reason
        self.subject = subject
    }

    /// `subject: reason`.
    public var description: String { "\(subject): \(reason)" }
}
