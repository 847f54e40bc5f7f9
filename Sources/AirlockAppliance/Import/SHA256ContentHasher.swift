public import Foundation
import AirlockCrypto
public import AirlockStore

/// The SHA-256 the import pipeline streams through: AirlockCrypto's `StreamingHasher` behind the
/// `ContentHasher` protocol, so AirlockStore and AirlockImport stay free of OpenSSL.
public struct SHA256ContentHasher: ContentHasher {
    private var hasher = StreamingHasher(.sha256)

    /// A fresh hasher.
    public init() {}

    /// Feeds bytes.
    public mutating func update(_ buffer: UnsafeRawBufferPointer) {
        hasher.update(buffer)
    }

    /// The 32-byte digest.
    public mutating func finalize() -> Data {
        hasher.finalize()
    }

    /// The factory the importer takes.
    public static let factory: ContentHasherFactory = { SHA256ContentHasher() }
}
