/// The hash functions Airlock accepts anywhere a digest is named (SHA-1 and MD5 are never accepted).
public enum DigestAlgorithm: String, Sendable, CaseIterable, Codable {
    /// SHA-256 (FIPS 180-4).
    case sha256
    /// SHA-384 (FIPS 180-4).
    case sha384
    /// SHA-512 (FIPS 180-4).
    case sha512

    /// The digest length in bytes.
    public var byteCount: Int {
        switch self {
        case .sha256: 32
        case .sha384: 48
        case .sha512: 64
        }
    }

    /// The OpenSSL algorithm name used to fetch the implementation.
    var openSSLName: String {
        switch self {
        case .sha256: "SHA256"
        case .sha384: "SHA384"
        case .sha512: "SHA512"
        }
    }
}
