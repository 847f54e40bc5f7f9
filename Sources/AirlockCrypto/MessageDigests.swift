import COpenSSL

/// An `EVP_MD` fetched once from the default provider and shared for the life of the process.
///
/// `@unchecked Sendable`: a fetched `EVP_MD` is immutable and libcrypto documents it as safe to use
/// from many threads at once; it is never freed, so no thread can see it dangle.
final class FetchedDigest: @unchecked Sendable {
    /// The fetched method (a +1 reference held forever).
    let md: OpaquePointer

    private init(name: String) {
        guard let md = EVP_MD_fetch(nil, name, nil) else {
            fatalError("OpenSSL has no \(name) implementation in the default provider")
        }
        self.md = md
    }

    private static let sha256 = FetchedDigest(name: "SHA256")
    private static let sha384 = FetchedDigest(name: "SHA384")
    private static let sha512 = FetchedDigest(name: "SHA512")

    /// The cached method for an algorithm.
    static func of(_ algorithm: DigestAlgorithm) -> OpaquePointer {
        switch algorithm {
        case .sha256: sha256.md
        case .sha384: sha384.md
        case .sha512: sha512.md
        }
    }
}
