public import Foundation
public import AirlockCrypto
import AirlockFormats

/// A Rekor v2 (rekor-tiles)-style log: Ed25519 key, C2SP checkpoints whose origin is the host, no
/// SETs, `integratedTime` 0 (docs/formats.md §4). Bundle `logIndex` is the tree index.
public struct MiniRekorV2Log: Sendable {
    /// The log's Ed25519 signing key.
    public let key: PrivateKey
    /// The host name: checkpoint origin and signature-line key name; `baseUrl` is `https://<host>`.
    public let host: String
    /// The Merkle tree.
    public private(set) var tree = MiniMerkleLog()

    /// A log with the given Ed25519 key; `prefill` dummy entries make proofs non-trivial.
    public init(key: PrivateKey, host: String = "log2025-1.rekor.mini.test", prefill: Int = 3) {
        self.key = key
        self.host = host
        for i in 0..<prefill { tree.append(Data("mini rekor v2 filler entry \(i)".utf8)) }
    }

    /// The full C2SP key-id hash `SHA-256(host || 0x0A || 0x01 || raw32)`: the log id and
    /// `checkpointKeyId` in the trust root; its first 4 bytes are the note key id.
    public var logID: Data {
        var material = Data(host.utf8)
        material.append(contentsOf: [0x0A, 0x01])
        material.append(key.publicKey.rawEd25519 ?? Data())
        return Digest.sha256(material)
    }

    /// Appends a canonicalized body; returns its index.
    @discardableResult
    public mutating func append(body: Data) -> Int64 { tree.append(body) }

    /// The inclusion proof hashes for an index at a tree size.
    public func inclusionProof(index: Int64, size: Int64) -> [Data] { tree.inclusionProof(index: index, size: size) }

    /// A C2SP checkpoint signed with pure Ed25519 over the note text (default: the current tree).
    /// `signer` replaces the signing key while keeping this log's name and key id.
    public func checkpoint(size: Int64? = nil, rootHash: Data? = nil, signer: PrivateKey? = nil) throws -> String {
        let size = size ?? tree.size
        let text = SignedNoteWriter.checkpointText(origin: host, size: size, rootHash: rootHash ?? tree.root(size: size))
        let signature = try (signer ?? key).signature(for: Data(text.utf8))
        let line = SignedNoteWriter.signatureLine(name: host, keyID: logID.prefix(4), signature: signature)
        return SignedNoteWriter.note(text: text, signatureLines: [line])
    }
}
