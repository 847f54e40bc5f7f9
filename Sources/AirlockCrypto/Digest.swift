public import Foundation
import COpenSSL

/// One-shot hashing. SHA-256 has overloads over raw buffers because Merkle-tree checks hash
/// many tiny inputs and should not pay for intermediate `Data` values.
public enum Digest {
    /// The digest of `data` under `algorithm`.
    public static func hash(_ data: Data, using algorithm: DigestAlgorithm) -> Data {
        data.withUnsafeBytes { hash($0, using: algorithm) }
    }

    /// The digest of the bytes in `buffer` under `algorithm`.
    public static func hash(_ buffer: UnsafeRawBufferPointer, using algorithm: DigestAlgorithm) -> Data {
        var output = Data(count: algorithm.byteCount)
        output.withUnsafeMutableBytes { out in
            digest(buffer, FetchedDigest.of(algorithm), into: out.baseAddress!)
        }
        return output
    }

    /// The SHA-256 digest of `data`.
    public static func sha256(_ data: Data) -> Data {
        data.withUnsafeBytes { hash($0, using: .sha256) }
    }

    /// The SHA-256 digest of the bytes in `buffer` (no copy of the input is made).
    public static func sha256(_ buffer: UnsafeRawBufferPointer) -> Data {
        hash(buffer, using: .sha256)
    }

    /// Hashes into caller-provided storage of at least the digest length.
    static func digest(_ buffer: UnsafeRawBufferPointer, _ md: OpaquePointer, into out: UnsafeMutableRawPointer) {
        var length: UInt32 = 0
        // A fetched digest over memory cannot fail short of allocation failure.
        let ok = EVP_Digest(buffer.baseAddress, buffer.count, out.assumingMemoryBound(to: UInt8.self), &length, md, nil)
        precondition(ok == 1, "EVP_Digest failed")
    }
}
