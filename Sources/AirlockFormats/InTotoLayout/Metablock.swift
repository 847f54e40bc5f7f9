public import Foundation

/// An in-toto "Metablock" envelope `{"signed": <layout|link>, "signatures": [{keyid, sig, cert?}]}` (docs/formats.md §8.1).
///
/// The raw `signed` JSON is kept: signatures cover its OLPC canonical form, computed from the generic
/// value so that fields this build does not model still count. Unknown members are ignored.
public struct Metablock: Sendable, Hashable {
    /// The signed document, as parsed.
    public var signed: JSONValue
    /// The signatures, in file order.
    public var signatures: [MetablockSignature]

    /// Makes a Metablock.
    public init(signed: JSONValue, signatures: [MetablockSignature]) {
        self.signed = signed
        self.signatures = signatures
    }

    /// Parses Metablock JSON. An empty signature list is allowed here (the verifier counts signatures).
    public static func parse(_ data: Data, limits: Limits = .default) throws -> Metablock {
        let o = try JSONReader(JSONValue.parse(data, limits: limits)).object()
        let signed = try o.value("signed")
        _ = try signed.object()
        let sigs = try o.array("signatures", maxCount: limits.maxDSSESignatures).map { r in
            let s = try r.object()
            let keyid = try s.nonEmptyString("keyid")
            let sigReader = try s.value("sig")
            guard let sig = Hex.decode(try sigReader.string()), !sig.isEmpty else {
                throw sigReader.error(.invalidField, "sig must be non-empty hex")
            }
            let cert = try s.optionalString("cert")
            return MetablockSignature(keyid: keyid, sig: sig, cert: cert?.isEmpty == false ? cert : nil)
        }
        return Metablock(signed: signed.value, signatures: sigs)
    }

    /// The bytes every signature covers: OLPC canonical JSON of `signed`.
    public func canonicalSignedBytes() throws -> Data {
        try CanonicalJSON.olpc(signed)
    }

    /// `signed._type` (`layout` or `link`).
    public var signedType: String? {
        signed.objectValue?["_type"]?.stringValue
    }
}

/// One Metablock signature.
public struct MetablockSignature: Sendable, Hashable {
    /// The signing key's id (lowercase hex SHA-256 of its canonical public form).
    public var keyid: String
    /// The signature, hex-decoded.
    public var sig: Data
    /// A PEM certificate (in-toto-golang extension), if present and non-empty.
    public var cert: String?

    /// Makes a signature.
    public init(keyid: String, sig: Data, cert: String?) {
        self.keyid = keyid
        self.sig = sig
        self.cert = cert
    }
}
