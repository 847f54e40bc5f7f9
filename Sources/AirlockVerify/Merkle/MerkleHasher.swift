public import Foundation
import AirlockCrypto

/// RFC 6962 / RFC 9162 tree hashing with SHA-256: leaves are `H(0x00 || data)`, interior nodes
/// `H(0x01 || left || right)`, and the empty tree `H("")`.
public enum MerkleHasher {
    /// Size in bytes of every hash in a proof.
    public static let hashSize = 32

    /// The hash of the empty tree, `SHA-256("")`.
    public static let emptyRoot: Data = Digest.sha256(Data())

    /// The leaf hash of an entry: `SHA-256(0x00 || entry)`.
    public static func leafHash(_ entry: Data) -> Data {
        var buffer = Data(capacity: entry.count + 1)
        buffer.append(0x00)
        buffer.append(entry)
        return Digest.sha256(buffer)
    }

    /// The interior-node hash: `SHA-256(0x01 || left || right)`.
    public static func nodeHash(_ left: Data, _ right: Data) -> Data {
        var buffer = Data(capacity: 1 + left.count + right.count)
        buffer.append(0x01)
        buffer.append(left)
        buffer.append(right)
        return Digest.sha256(buffer)
    }
}
