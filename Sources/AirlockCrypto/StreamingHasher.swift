public import Foundation
import COpenSSL

/// Incremental hashing for inputs read in pieces (artifacts, blobs), so nothing has to be held
/// in memory whole. A value type: copying a hasher forks the running state.
public struct StreamingHasher: Sendable {
    /// The algorithm this hasher computes.
    public let algorithm: DigestAlgorithm
    private var context: DigestContext

    /// Starts a new hash.
    public init(_ algorithm: DigestAlgorithm) {
        self.algorithm = algorithm
        self.context = DigestContext(algorithm)
    }

    /// Feeds more bytes.
    public mutating func update(_ data: Data) {
        data.withUnsafeBytes { update($0) }
    }

    /// Feeds more bytes from a raw buffer.
    public mutating func update(_ buffer: UnsafeRawBufferPointer) {
        if !isKnownUniquelyReferenced(&context) { context = context.copy() }
        context.update(buffer)
    }

    /// Returns the digest; the hasher then starts over, empty, with the same algorithm.
    public mutating func finalize() -> Data {
        if !isKnownUniquelyReferenced(&context) { context = context.copy() }
        return context.finalizeAndReset()
    }
}

/// Owns one `EVP_MD_CTX`.
///
/// `@unchecked Sendable`: `StreamingHasher` copies the context before any mutation unless it is
/// the sole owner, so a context is never mutated while another value can reach it.
final class DigestContext: @unchecked Sendable {
    private let ref: OpaquePointer
    private let algorithm: DigestAlgorithm

    /// Creates and initialises a context for `algorithm`.
    convenience init(_ algorithm: DigestAlgorithm) {
        guard let ctx = EVP_MD_CTX_new() else { fatalError("EVP_MD_CTX_new: out of memory") }
        precondition(EVP_DigestInit_ex2(ctx, FetchedDigest.of(algorithm), nil) == 1, "EVP_DigestInit_ex2 failed")
        self.init(takingOwnership: ctx, algorithm: algorithm)
    }

    /// Wraps a context; takes over the caller's +1 reference.
    init(takingOwnership ref: OpaquePointer, algorithm: DigestAlgorithm) {
        self.ref = ref
        self.algorithm = algorithm
    }

    deinit { EVP_MD_CTX_free(ref) }

    func copy() -> DigestContext {
        guard let ctx = EVP_MD_CTX_new() else { fatalError("EVP_MD_CTX_new: out of memory") }
        precondition(EVP_MD_CTX_copy_ex(ctx, ref) == 1, "EVP_MD_CTX_copy_ex failed")
        return DigestContext(takingOwnership: ctx, algorithm: algorithm)
    }

    func update(_ buffer: UnsafeRawBufferPointer) {
        guard buffer.count > 0 else { return }
        precondition(EVP_DigestUpdate(ref, buffer.baseAddress, buffer.count) == 1, "EVP_DigestUpdate failed")
    }

    func finalizeAndReset() -> Data {
        var output = Data(count: algorithm.byteCount)
        var length: UInt32 = 0
        output.withUnsafeMutableBytes { out in
            precondition(EVP_DigestFinal_ex(ref, out.baseAddress!.assumingMemoryBound(to: UInt8.self), &length) == 1)
        }
        precondition(EVP_DigestInit_ex2(ref, FetchedDigest.of(algorithm), nil) == 1, "EVP_DigestInit_ex2 failed")
        return output
    }
}
