public import Foundation

/// The legacy cosign `dev.sigstore.cosign/bundle` annotation (docs/formats.md §9.2): a Rekor v1 SET with
/// the payload it signs, and no inclusion proof.
///
/// Unknown members are ignored (forward compatible).
public struct CosignRekorBundle: Sendable, Hashable {
    /// `SignedEntryTimestamp`, decoded (DER ECDSA signature).
    public var signedEntryTimestamp: Data
    /// `Payload.body`, decoded: the entry's canonicalized body.
    public var body: Data
    /// `Payload.integratedTime`.
    public var integratedTime: Int64
    /// `Payload.logIndex`.
    public var logIndex: Int64
    /// `Payload.logID`: lowercase hex of the log id.
    public var logIDHex: String

    /// Makes an annotation bundle.
    public init(signedEntryTimestamp: Data, body: Data, integratedTime: Int64, logIndex: Int64, logIDHex: String) {
        self.signedEntryTimestamp = signedEntryTimestamp
        self.body = body
        self.integratedTime = integratedTime
        self.logIndex = logIndex
        self.logIDHex = logIDHex
    }

    /// Parses the annotation's JSON value.
    public static func parse(_ data: Data, limits: Limits = .default) throws -> CosignRekorBundle {
        try read(JSONReader(JSONValue.parse(data, limits: limits)).object())
    }

    /// Reads the bundle from an already-parsed object (e.g. `rekorBundle` of a `sign-blob --bundle` file).
    public static func read(_ o: JSONObjectReader) throws -> CosignRekorBundle {
        let payload = try o.object("Payload")
        let logID = try payload.string("logID")
        guard Hex.isLowercaseHex(logID) else {
            throw FormatError(.invalidField, "logID must be lowercase hex", field: payload.childPath("logID"))
        }
        let logIndex = try payload.int64("logIndex", allowString: false)
        let integratedTime = try payload.int64("integratedTime", allowString: false)
        guard logIndex >= 0, integratedTime >= 0 else {
            throw payload.error(.invalidField, "logIndex and integratedTime must not be negative")
        }
        return CosignRekorBundle(signedEntryTimestamp: try o.nonEmptyBase64("SignedEntryTimestamp"),
                                 body: try payload.nonEmptyBase64("body"), integratedTime: integratedTime,
                                 logIndex: logIndex, logIDHex: logID)
    }
}
