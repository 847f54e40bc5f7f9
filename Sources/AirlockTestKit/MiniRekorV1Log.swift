public import Foundation
public import AirlockCrypto
import AirlockFormats

/// A Rekor v1-style transparency log: ECDSA P-256 key, log id `SHA-256(SPKI)`, signed entry
/// timestamps (docs/formats.md §3.1), inclusion proofs and Rekor-flavoured checkpoints (§3.3).
///
/// Like the sharded public Rekor, the top-level `logIndex` is "virtual": it is the tree index plus
/// `shardOffset`, while inclusion proofs use the tree index.
public struct MiniRekorV1Log: Sendable {
    /// The log's signing key.
    public let key: PrivateKey
    /// The host name, e.g. `rekor.mini.test`; the trust root's `baseUrl` is `https://<host>`.
    public let host: String
    /// The tree id that completes the checkpoint origin `"<host> - <treeID>"`.
    public let treeID: Int64
    /// Added to tree indexes to form the top-level (global) log index.
    public let shardOffset: Int64
    /// The Merkle tree.
    public private(set) var tree = MiniMerkleLog()

    /// A log with the given key; `prefill` dummy entries are appended so proofs are not trivial.
    public init(key: PrivateKey, host: String = "rekor.mini.test", treeID: Int64 = 1234, shardOffset: Int64 = 1000, prefill: Int = 5) {
        self.key = key
        self.host = host
        self.treeID = treeID
        self.shardOffset = shardOffset
        for i in 0..<prefill { tree.append(Data("mini rekor v1 filler entry \(i)".utf8)) }
    }

    /// `SHA-256(DER SPKI)`: the log id in bundles and the trust root.
    public var logID: Data { Digest.sha256(key.publicKey.spkiDER) }

    /// The checkpoint origin line, `"<host> - <treeID>"`.
    public var origin: String { "\(host) - \(treeID)" }

    /// Appends a canonicalized body; returns its tree index (not the global index).
    @discardableResult
    public mutating func append(body: Data) -> Int64 { tree.append(body) }

    /// The JCS bytes a SET signs (docs/formats.md §3.1).
    public static func setPayload(body: Data, integratedTime: Int64, logID: Data, logIndex: Int64) -> Data {
        let object: JSONValue = .object(JSONObject([
            "body": .string(Base64.encode(body)),
            "integratedTime": .number(JSONNumber(integratedTime)),
            "logID": .string(Hex.encode(logID)),
            "logIndex": .number(JSONNumber(logIndex)),
        ]))
        // JCS of strings and integers below 2^53 cannot fail.
        return (try? CanonicalJSON.rfc8785(object)) ?? Data()
    }

    /// A signed entry timestamp by `signer` (default: this log's key) over the given entry fields.
    public func signedEntryTimestamp(body: Data, integratedTime: Int64, logIndex: Int64, signer: PrivateKey? = nil) throws -> Data {
        let payload = Self.setPayload(body: body, integratedTime: integratedTime, logID: logID, logIndex: logIndex)
        return try (signer ?? key).signature(for: payload)
    }

    /// The inclusion proof hashes for a tree index at a tree size.
    public func inclusionProof(index: Int64, size: Int64) -> [Data] { tree.inclusionProof(index: index, size: size) }

    /// A signed checkpoint for `rootHash`/`size` (default: the current tree). The signature line is
    /// `— <host> base64(SHA-256(SPKI)[0..<4] || ECDSA-SHA256(text))`; `signer` replaces the signing
    /// key while keeping this log's key hint (a forgery the verifier must catch).
    public func checkpoint(size: Int64? = nil, rootHash: Data? = nil, signer: PrivateKey? = nil) throws -> String {
        let size = size ?? tree.size
        let text = SignedNoteWriter.checkpointText(origin: origin, size: size, rootHash: rootHash ?? tree.root(size: size))
        let signature = try (signer ?? key).signature(for: Data(text.utf8))
        let line = SignedNoteWriter.signatureLine(name: host, keyID: logID.prefix(4), signature: signature)
        return SignedNoteWriter.note(text: text, signatureLines: [line])
    }
}
