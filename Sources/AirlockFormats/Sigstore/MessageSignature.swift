public import Foundation

/// A bundle's `messageSignature`: a signature over the artifact bytes, with an optional digest that
/// identifies the artifact (the verifier compares it with the artifact and the log entry).
public struct MessageSignature: Sendable, Hashable {
    /// The normalised digest algorithm (`sha256`, `sha384`, `sha512`, …), nil when no digest is given.
    public var digestAlgorithm: String?
    /// The artifact digest from `messageDigest.digest`, if present.
    public var digest: Data?
    /// The signature bytes.
    public var signature: Data

    /// Makes a message signature.
    public init(digestAlgorithm: String?, digest: Data?, signature: Data) {
        self.digestAlgorithm = digestAlgorithm
        self.digest = digest
        self.signature = signature
    }

    /// Reads `messageSignature` (protojson).
    static func read(_ o: JSONObjectReader) throws -> MessageSignature {
        let signature = try o.nonEmptyBase64("signature")
        guard let md = try o.optionalObject("messageDigest") else {
            return MessageSignature(digestAlgorithm: nil, digest: nil, signature: signature)
        }
        let algorithmName = try md.string("algorithm")
        guard let algorithm = HashAlgorithmName.normalise(algorithmName) else {
            throw FormatError(.invalidField, "unknown or unspecified hash algorithm \"\(algorithmName)\"",
                              field: md.childPath("algorithm"))
        }
        let digest = try md.nonEmptyBase64("digest")
        if let expected = HashAlgorithmName.digestLength(algorithm), digest.count != expected {
            throw FormatError(.invalidField, "\(algorithm) digest must be \(expected) bytes, found \(digest.count)",
                              field: md.childPath("digest"))
        }
        return MessageSignature(digestAlgorithm: algorithm, digest: digest, signature: signature)
    }
}
