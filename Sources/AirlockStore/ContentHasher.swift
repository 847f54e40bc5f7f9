public import Foundation

/// An incremental SHA-256 hasher, fed while bytes stream past, so content is hashed exactly once.
///
/// AirlockStore and AirlockImport do no cryptography themselves (only AirlockCrypto touches OpenSSL);
/// the appliance supplies a conformance backed by `AirlockCrypto.StreamingHasher`.
public protocol ContentHasher {
    /// Feeds bytes.
    mutating func update(_ buffer: UnsafeRawBufferPointer)
    /// Returns the 32-byte SHA-256 digest of everything fed so far.
    mutating func finalize() -> Data
}

/// Makes a fresh SHA-256 hasher; passed in by the caller so lower layers stay free of crypto.
public typealias ContentHasherFactory = @Sendable () -> any ContentHasher

extension Data {
    /// Lowercase hex, the form digests take in OCI descriptors and in the blob store.
    public var lowercaseHex: String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count * 2)
        for byte in self {
            bytes.append(digits[Int(byte >> 4)])
            bytes.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// Hashing helpers for callers holding whole buffers.
public enum ContentHashing {
    /// The lowercase-hex SHA-256 of `data`, computed with a hasher from `factory`.
    public static func sha256Hex(of data: Data, using factory: ContentHasherFactory) -> String {
        var hasher = factory()
        data.withUnsafeBytes { hasher.update($0) }
        return hasher.finalize().lowercaseHex
    }
}
