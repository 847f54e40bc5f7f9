public import Foundation

/// A securesystemslib public key as found in layouts (`keys`, `rootcas`, `intermediatecas`).
///
/// Unknown members are ignored. The key id is a SHA-256 the verifier computes over `keyIDPreimage()`
/// (this module does no hashing).
public struct InTotoKey: Sendable, Hashable {
    /// The id the layout lists the key under.
    public var keyid: String
    /// `keytype`: `rsa`, `ed25519`, `ecdsa`, …
    public var keytype: String
    /// `scheme`: `rsassa-pss-sha256`, `ed25519`, `ecdsa-sha2-nistp256`, …
    public var scheme: String
    /// `keyid_hash_algorithms`, if present.
    public var keyidHashAlgorithms: [String]?
    /// `keyval.public`: PEM (RSA, ECDSA) or 64 hex characters (Ed25519); may be empty for CA entries.
    public var publicKey: String
    /// `keyval.certificate`, if present and non-empty (CA entries).
    public var certificate: String?

    /// Makes a key.
    public init(keyid: String, keytype: String, scheme: String, keyidHashAlgorithms: [String]?, publicKey: String, certificate: String?) {
        self.keyid = keyid
        self.keytype = keytype
        self.scheme = scheme
        self.keyidHashAlgorithms = keyidHashAlgorithms
        self.publicKey = publicKey
        self.certificate = certificate
    }

    /// Reads a key object; `listedAs` is the map key it appears under.
    static func read(_ o: JSONObjectReader, listedAs: String) throws -> InTotoKey {
        let keyval = try o.object("keyval")
        let algorithms = try o.optionalValue("keyid_hash_algorithms").map { try $0.array().map { try $0.string() } }
        let cert = try keyval.optionalString("certificate")
        return InTotoKey(keyid: try o.optionalString("keyid") ?? listedAs, keytype: try o.nonEmptyString("keytype"),
                         scheme: try o.nonEmptyString("scheme"), keyidHashAlgorithms: algorithms,
                         publicKey: try keyval.string("public"), certificate: cert?.isEmpty == false ? cert : nil)
    }

    /// OLPC canonical JSON of `{"keyid_hash_algorithms"?, "keytype", "keyval": {"public"}, "scheme"}`:
    /// SHA-256 of these bytes, in lowercase hex, is the key id (docs/formats.md §8.1).
    public func keyIDPreimage() -> Data {
        var o = JSONObject()
        o["keytype"] = .string(keytype)
        o["scheme"] = .string(scheme)
        if let keyidHashAlgorithms { o["keyid_hash_algorithms"] = .array(keyidHashAlgorithms.map(JSONValue.string)) }
        o["keyval"] = .object(JSONObject(["public": .string(publicKey)]))
        return (try? CanonicalJSON.olpc(.object(o))) ?? Data()  // strings only: cannot fail
    }

    /// Reads a `{keyid: key}` map.
    static func readMap(_ o: JSONObjectReader?) throws -> [String: InTotoKey] {
        guard let o else { return [:] }
        var out: [String: InTotoKey] = [:]
        for m in o.object { out[m.key] = try read(o.object(m.key), listedAs: m.key) }
        return out
    }
}
