public import Foundation

/// A transparency log (Rekor or CT) in a trusted root (protobuf `TransparencyLogInstance`).
///
/// Parsing applies sigstore-go's rules (`ParseTransparencyLogs`) to tlogs and ctlogs alike: hash
/// algorithm SHA2_256, a log id, key bytes and `validFor.start` are all required.
public struct TransparencyLogInstance: Sendable, Hashable {
    /// `baseUrl` (may be empty for CT logs in some roots).
    public var baseURL: String
    /// The normalised log hash algorithm (always `sha256` after parsing).
    public var hashAlgorithm: String
    /// The log's public key and its validity window.
    public var publicKey: TrustedPublicKey
    /// `logId.keyId`: SHA-256 of the SPKI for Rekor v1 and CT; the C2SP key id for Rekor v2.
    public var logID: Data
    /// `checkpointKeyId.keyId` (trusted root v0.2), if present.
    public var checkpointKeyID: Data?
    /// `operator`, if present.
    public var operatorName: String?

    /// Makes a log instance.
    public init(baseURL: String, hashAlgorithm: String, publicKey: TrustedPublicKey, logID: Data,
                checkpointKeyID: Data?, operatorName: String?) {
        self.baseURL = baseURL
        self.hashAlgorithm = hashAlgorithm
        self.publicKey = publicKey
        self.logID = logID
        self.checkpointKeyID = checkpointKeyID
        self.operatorName = operatorName
    }

    /// The host of `baseURL` (no scheme, port or path): the signed-note key name and checkpoint origin.
    public var originHost: String? {
        URLComponents(string: baseURL)?.host.flatMap { $0.isEmpty ? nil : $0 }
    }

    static func read(_ o: JSONObjectReader) throws -> TransparencyLogInstance {
        let hashName = try o.string("hashAlgorithm")
        guard HashAlgorithmName.normalise(hashName) == "sha256" else {
            throw FormatError(.invalidField, "log hash algorithm must be SHA2_256, found \"\(hashName)\"",
                              field: o.childPath("hashAlgorithm"))
        }
        let logID = try o.object("logId").nonEmptyBase64("keyId")
        let key = try TrustedPublicKey.read(o.object("publicKey"))
        let checkpointKeyID = try o.optionalObject("checkpointKeyId")?.optionalBase64("keyId")
        return TransparencyLogInstance(
            baseURL: try o.optionalString("baseUrl") ?? "", hashAlgorithm: "sha256", publicKey: key, logID: logID,
            checkpointKeyID: checkpointKeyID.flatMap { $0.isEmpty ? nil : $0 },
            operatorName: try o.optionalString("operator").flatMap { $0.isEmpty ? nil : $0 })
    }
}

/// A public key in a trusted root (protobuf `PublicKey`).
public struct TrustedPublicKey: Sendable, Hashable {
    /// DER SubjectPublicKeyInfo (raw PKCS#1 for the deprecated `PKCS1_*` details).
    public var rawBytes: Data
    /// The `PublicKeyDetails` enum name, e.g. `PKIX_ECDSA_P256_SHA_256`, `PKIX_ED25519`.
    public var keyDetails: String
    /// When the key may be used; `start` is always present.
    public var validFor: TimeRange

    /// Makes a key.
    public init(rawBytes: Data, keyDetails: String, validFor: TimeRange) {
        self.rawBytes = rawBytes
        self.keyDetails = keyDetails
        self.validFor = validFor
    }

    static func read(_ o: JSONObjectReader) throws -> TrustedPublicKey {
        let raw = try o.nonEmptyBase64("rawBytes")
        let details = try o.nonEmptyString("keyDetails")
        guard let vf = try o.optionalObject("validFor") else {
            throw FormatError(.missingField, "a log key needs validFor", field: o.childPath("validFor"))
        }
        return TrustedPublicKey(rawBytes: raw, keyDetails: details, validFor: try TimeRange.read(vf, requireStart: true))
    }
}
