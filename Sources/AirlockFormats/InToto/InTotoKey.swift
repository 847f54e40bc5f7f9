public import Foundation

/// A securesystemslib public key as it appears in an in-toto layout's `keys` (or in a JSON key file):
/// text only; decoding the key material is the verifier's job, since Formats does no cryptography.
public struct InTotoKey: Sendable, Hashable {
    /// The key id the document claims (the `keys` member name, or the `keyid` field); nil if it gives none.
    public var keyid: String?
    /// `rsa`, `ed25519`, `ecdsa` or `ecdsa-sha2-nistp256`.
    public var keytype: String
    /// `rsassa-pss-sha256`, `ed25519`, `ecdsa-sha2-nistp256`, …
    public var scheme: String
    /// `keyval.public`: a PEM block (RSA, ECDSA) or 64 hex characters (Ed25519).
    public var publicValue: String
    /// `keyid_hash_algorithms`, when the key carries it (it then takes part in the key id).
    public var keyidHashAlgorithms: [String]?

    /// Makes a key.
    public init(keyid: String?, keytype: String, scheme: String, publicValue: String, keyidHashAlgorithms: [String]?) {
        self.keyid = keyid
        self.keytype = keytype
        self.scheme = scheme
        self.publicValue = publicValue
        self.keyidHashAlgorithms = keyidHashAlgorithms
    }

    /// Reads a key object; `expectedKeyID` is the member name it was listed under, if any, and must agree
    /// with an explicit `keyid` field.
    public static func read(_ o: JSONObjectReader, expectedKeyID: String? = nil) throws -> InTotoKey {
        let declared = try o.optionalString("keyid")
        if let declared, let expectedKeyID, declared != expectedKeyID {
            throw FormatError(.invalidField, "keyid \(declared) differs from the id it is listed under (\(expectedKeyID))",
                              field: o.childPath("keyid"))
        }
        let algorithms = try o.optionalValue("keyid_hash_algorithms").map { try $0.array().map { try $0.string() } }
        return InTotoKey(
            keyid: expectedKeyID ?? declared,
            keytype: try o.nonEmptyString("keytype"),
            scheme: try o.nonEmptyString("scheme"),
            publicValue: try o.object("keyval").nonEmptyString("public"),
            keyidHashAlgorithms: algorithms
        )
    }

    /// Parses a securesystemslib JSON key file (`{"keytype", "scheme", "keyval": {"public"}, …}`).
    public static func parse(_ data: Data, limits: Limits = .default) throws -> InTotoKey {
        try read(JSONReader(JSONValue.parse(data, limits: limits)).object())
    }

    /// The bytes whose SHA-256 is the key id (securesystemslib `_get_keyid`, in-toto-golang `generateKeyID`):
    /// canonical JSON of `keytype`, `scheme`, `keyid_hash_algorithms` (only if the key has it) and `keyval.public`.
    public func keyIDPreimage() throws -> Data {
        var o = JSONObject()
        o["keytype"] = .string(keytype)
        o["scheme"] = .string(scheme)
        if let keyidHashAlgorithms {
            o["keyid_hash_algorithms"] = .array(keyidHashAlgorithms.map { .string($0) })
        }
        o["keyval"] = .object(JSONObject(["public": .string(publicValue)]))
        return try CanonicalJSON.olpc(.object(o))
    }
}
