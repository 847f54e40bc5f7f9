public import Foundation

/// One `verificationMaterial.tlogEntries[]` element (protobuf-specs `TransparencyLogEntry`).
///
/// The parser enforces shape only: `logIndex >= 0`, `logId.keyId`, `kindVersion` and `canonicalizedBody`
/// present. Whether a promise or a proof is required depends on the bundle version and is the
/// verifier's decision. Absent int64 fields read as 0, as in protojson (Rekor v2 omits `integratedTime`).
public struct TransparencyLogEntry: Sendable, Hashable {
    /// The entry's global index (on sharded Rekor v1, the "virtual" index; the SET covers this one).
    public var logIndex: Int64
    /// `logId.keyId`: identifies the log in the trusted root.
    public var logID: Data
    /// `kindVersion.kind`, e.g. `hashedrekord`, `dsse`, `intoto`.
    public var kind: String
    /// `kindVersion.version`, e.g. `0.0.1`, `0.0.2`.
    public var version: String
    /// Unix seconds; trustworthy only if the SET verifies; 0 (absent) for Rekor v2.
    public var integratedTime: Int64
    /// `inclusionPromise.signedEntryTimestamp`, the SET (Rekor v1 only).
    public var signedEntryTimestamp: Data?
    /// The Merkle inclusion proof with its checkpoint, if present.
    public var inclusionProof: InclusionProof?
    /// The exact log leaf bytes (the Rekor entry body).
    public var canonicalizedBody: Data

    /// Makes an entry.
    public init(logIndex: Int64, logID: Data, kind: String, version: String, integratedTime: Int64,
                signedEntryTimestamp: Data?, inclusionProof: InclusionProof?, canonicalizedBody: Data) {
        self.logIndex = logIndex
        self.logID = logID
        self.kind = kind
        self.version = version
        self.integratedTime = integratedTime
        self.signedEntryTimestamp = signedEntryTimestamp
        self.inclusionProof = inclusionProof
        self.canonicalizedBody = canonicalizedBody
    }

    /// Parses one entry on its own (protojson `TransparencyLogEntry`, e.g. a Rekor v2 API response).
    public static func parse(_ data: Data, limits: Limits = .default) throws -> TransparencyLogEntry {
        try read(JSONReader(JSONValue.parse(data, limits: limits), snakeCaseAliases: true).object(), limits: limits)
    }

    /// Reads one entry (protojson).
    static func read(_ o: JSONObjectReader, limits: Limits) throws -> TransparencyLogEntry {
        let logIndex = try o.optionalInt64("logIndex") ?? 0
        guard logIndex >= 0 else {
            throw FormatError(.invalidField, "logIndex must not be negative", field: o.childPath("logIndex"))
        }
        let logID = try o.object("logId").nonEmptyBase64("keyId")
        let kv = try o.object("kindVersion")
        let kind = try kv.nonEmptyString("kind")
        let version = try kv.nonEmptyString("version")
        let integratedTime = try o.optionalInt64("integratedTime") ?? 0
        guard integratedTime >= 0 else {
            throw FormatError(.invalidField, "integratedTime must not be negative", field: o.childPath("integratedTime"))
        }
        let set = try o.optionalObject("inclusionPromise")?.optionalBase64("signedEntryTimestamp")
        let proof = try o.optionalObject("inclusionProof").map { try InclusionProof.read($0, limits: limits) }
        let body = try o.nonEmptyBase64("canonicalizedBody")
        return TransparencyLogEntry(logIndex: logIndex, logID: logID, kind: kind, version: version,
                                    integratedTime: integratedTime,
                                    signedEntryTimestamp: set.flatMap { $0.isEmpty ? nil : $0 },
                                    inclusionProof: proof, canonicalizedBody: body)
    }
}

/// A Merkle inclusion proof (RFC 6962) with the signed checkpoint it was computed against.
public struct InclusionProof: Sendable, Hashable {
    /// The leaf index inside the tree the proof is for (Rekor v1: the shard-local index).
    public var logIndex: Int64
    /// The tree root the proof leads to (32 bytes).
    public var rootHash: Data
    /// The tree size the proof is for.
    public var treeSize: Int64
    /// Sibling hashes, leaf to root (32 bytes each).
    public var hashes: [Data]
    /// The signed-note checkpoint text (`checkpoint.envelope`), nil if absent or empty. Some real v0.1
    /// bundles (CPython 3.12.5) carry a proof without a checkpoint; the verifier must reject using such
    /// a proof (docs/formats.md §1.5) but may still accept the entry on its SET.
    public var checkpoint: String?

    /// Makes a proof.
    public init(logIndex: Int64, rootHash: Data, treeSize: Int64, hashes: [Data], checkpoint: String?) {
        self.logIndex = logIndex
        self.rootHash = rootHash
        self.treeSize = treeSize
        self.hashes = hashes
        self.checkpoint = checkpoint
    }

    static func read(_ o: JSONObjectReader, limits: Limits) throws -> InclusionProof {
        let logIndex = try o.optionalInt64("logIndex") ?? 0
        let treeSize = try o.optionalInt64("treeSize") ?? 0
        guard logIndex >= 0 else {
            throw FormatError(.invalidField, "logIndex must not be negative", field: o.childPath("logIndex"))
        }
        guard treeSize >= 0 else {
            throw FormatError(.invalidField, "treeSize must not be negative", field: o.childPath("treeSize"))
        }
        let rootHash = try o.nonEmptyBase64("rootHash")
        guard rootHash.count == 32 else {
            throw FormatError(.invalidField, "root hash must be 32 bytes, found \(rootHash.count)", field: o.childPath("rootHash"))
        }
        let hashes = try o.optionalArray("hashes", maxCount: limits.maxProofHashes).map { r in
            let h = try r.base64()
            guard h.count == 32 else { throw r.error(.invalidField, "proof hash must be 32 bytes, found \(h.count)") }
            return h
        }
        let envelope = try o.optionalObject("checkpoint")?.optionalString("envelope")
        return InclusionProof(logIndex: logIndex, rootHash: rootHash, treeSize: treeSize, hashes: hashes, checkpoint: envelope?.isEmpty == false ? envelope : nil)
    }
}
