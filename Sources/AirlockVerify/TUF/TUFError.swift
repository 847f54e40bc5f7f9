/// Why a TUF update was refused: a stable code, a one-line reason, and the file and role involved.
/// An update is all or nothing, so the first failed step ends it and nothing is recorded.
public struct TUFError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The refused step.
    public enum Code: String, Sendable {
        /// A metadata file is missing from the directory.
        case missingMetadata = "tuf.missing-metadata"
        /// A metadata file does not parse.
        case malformedMetadata = "tuf.malformed-metadata"
        /// Fewer distinct valid signatures than the role's threshold.
        case threshold = "tuf.threshold"
        /// A root's version is not the one its file name and position in the chain require.
        case rootVersion = "tuf.root-version"
        /// The metadata expired before the instant (beyond any grace period).
        case expired = "tuf.expired"
        /// A version lower than one already trusted.
        case rollback = "tuf.rollback"
        /// A version differs from the one the referring metadata lists.
        case versionMismatch = "tuf.version-mismatch"
        /// A length differs from the one listed.
        case lengthMismatch = "tuf.length-mismatch"
        /// A hash differs from the one listed, or none of the listed hashes is one Airlock computes.
        case hashMismatch = "tuf.hash-mismatch"
        /// The target is not listed by `targets.json`, or its file is missing.
        case missingTarget = "tuf.missing-target"
        /// The root chain is longer than `Limits.maxTUFRootRotations`.
        case tooManyRoots = "tuf.too-many-roots"
    }

    /// The refused step.
    public let code: Code
    /// One line for the operator.
    public let reason: String
    /// The file involved (`12.root.json`, `timestamp.json`, `trusted_root.json`).
    public let file: String?

    /// Makes an error.
    public init(_ code: Code, _ reason: String, file: String? = nil) {
        self.code = code
        self.reason = reason
        self.file = file
    }

    /// `file: reason (code)`.
    public var description: String { "\(file.map { "\($0): " } ?? "")\(reason) (\(code.rawValue))" }
}
