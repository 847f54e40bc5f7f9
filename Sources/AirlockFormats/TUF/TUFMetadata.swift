public import Foundation

/// One signed TUF metadata document (`{"signed": {…}, "signatures": [{"keyid", "sig"}]}`), with the
/// exact bytes its signatures cover: the OLPC canonical JSON of `signed`, unknown fields included
/// (TUF §4.2, docs/formats.md §10.2).
public struct TUFMetadata: Sendable {
    /// One signature: the key id it names and the signature bytes (hex-decoded; empty ones are dropped).
    public struct Signature: Sendable, Hashable {
        /// The key id as written (not recomputed).
        public let keyID: String
        /// The signature bytes.
        public let bytes: Data
    }

    /// `_type` of `signed` (`root`, `timestamp`, `snapshot`, `targets`).
    public let type: String
    /// `signed.version`.
    public let version: Int
    /// `signed.expires`.
    public let expires: Date
    /// The `signed` object, for the role-specific readers.
    public let signed: JSONObjectReader
    /// The bytes the signatures sign: OLPC canonical JSON of `signed`.
    public let canonicalSigned: Data
    /// The non-empty signatures.
    public let signatures: [Signature]

    /// Parses a metadata file and checks its `_type` is `expectedType`.
    public static func parse(_ data: Data, expectedType: String, limits: Limits = .default) throws -> TUFMetadata {
        guard data.count <= limits.maxTUFMetadataBytes else {
            throw FormatError(.limitExceeded, "TUF metadata is \(data.count) bytes, over the limit of \(limits.maxTUFMetadataBytes)")
        }
        let document = try JSONReader(JSONValue.parse(data, limits: limits)).object()
        let signedValue = try document.value("signed")
        let signed = try signedValue.object()
        let type = try signed.string("_type")
        guard type == expectedType else {
            throw signed.error(.invalidField, "_type is \"\(type)\", expected \"\(expectedType)\"")
        }
        let version = try signed.int64("version", allowString: false)
        guard version >= 1, version <= Int64(Int32.max) else { throw signed.error(.invalidField, "version \(version) is out of range") }
        let expiresText = try signed.string("expires")
        guard let expires = RFC3339.parse(expiresText) else { throw signed.error(.invalidField, "expires \"\(expiresText)\" is not an RFC 3339 instant") }
        var signatures: [Signature] = []
        for entry in try document.value("signatures").array(maxCount: limits.maxTUFEntries) {
            let object = try entry.object()
            let hex = try object.string("sig")
            if hex.isEmpty { continue }  // an unsigned slot (docs/formats.md §10.2)
            guard let bytes = Hex.decode(hex) else { throw object.error(.invalidField, "sig is not hexadecimal") }
            signatures.append(Signature(keyID: try object.string("keyid"), bytes: bytes))
        }
        return TUFMetadata(type: type, version: Int(version), expires: expires, signed: signed,
                           canonicalSigned: try CanonicalJSON.olpc(signedValue.value), signatures: signatures)
    }
}

/// A file a timestamp or snapshot lists (`meta` entries): its version, and optionally its length and hashes.
public struct TUFMetaFile: Sendable, Equatable {
    /// The file's metadata version.
    public let version: Int
    /// Its length in bytes, when listed.
    public let length: Int?
    /// Hex digests by algorithm name (`sha256`, `sha512`), when listed.
    public let hashes: [String: String]

    /// Reads the `meta` map of a timestamp or snapshot.
    public static func readMeta(_ signed: JSONObjectReader, limits: Limits) throws -> [String: TUFMetaFile] {
        let meta = try signed.value("meta").object()
        guard meta.object.count <= limits.maxTUFEntries else { throw meta.error(.limitExceeded, "too many meta entries") }
        var out: [String: TUFMetaFile] = [:]
        for name in meta.object.keys {
            let entry = try meta.value(name).object()
            let version = try entry.int64("version", allowString: false)
            guard version >= 1, version <= Int64(Int32.max) else { throw entry.error(.invalidField, "version \(version) is out of range") }
            out[name] = TUFMetaFile(version: Int(version), length: try entry.optionalInt64("length", allowString: false).map { Int($0) },
                                    hashes: try readHashes(entry))
        }
        return out
    }

    /// Reads an optional `hashes` object of lowercase hex strings.
    static func readHashes(_ entry: JSONObjectReader) throws -> [String: String] {
        guard let hashes = try entry.optionalValue("hashes")?.object() else { return [:] }
        var out: [String: String] = [:]
        for algorithm in hashes.object.keys { out[algorithm] = try hashes.string(algorithm).lowercased() }
        return out
    }
}

/// A target file `targets.json` lists: its length and hashes.
public struct TUFTargetFile: Sendable, Equatable {
    /// Length in bytes.
    public let length: Int
    /// Hex digests by algorithm name.
    public let hashes: [String: String]

    /// Reads the `targets` map of a targets document.
    public static func readTargets(_ signed: JSONObjectReader, limits: Limits) throws -> [String: TUFTargetFile] {
        let targets = try signed.value("targets").object()
        guard targets.object.count <= limits.maxTUFEntries else { throw targets.error(.limitExceeded, "too many targets") }
        var out: [String: TUFTargetFile] = [:]
        for name in targets.object.keys {
            let entry = try targets.value(name).object()
            let length = try entry.int64("length", allowString: false)
            guard length >= 0 else { throw entry.error(.invalidField, "negative length") }
            out[name] = TUFTargetFile(length: Int(length), hashes: try TUFMetaFile.readHashes(entry))
        }
        return out
    }
}
