/// Why a Merkle proof was rejected.
public struct MerkleError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of rejection, stable for scripts and tests.
    public enum Code: String, Sendable {
        /// Index, sizes or subtree bounds are impossible.
        case invalidParameters = "invalid-parameters"
        /// The proof has the wrong number of hashes, or a hash of the wrong length.
        case malformedProof = "malformed-proof"
        /// The proof is well formed but does not lead to the expected root.
        case rootMismatch = "root-mismatch"
    }

    /// The kind of rejection.
    public var code: Code
    /// A one-line explanation.
    public var reason: String

    /// Makes an error.
    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    /// The reason, for printing.
    public var description: String { reason }
}
