public import AirlockCrypto
public import AirlockFormats
public import Foundation

/// A decoded in-toto key: its key id (in-toto §8.1), the public key and the signature scheme it verifies with.
public struct InTotoVerificationKey: Sendable, Hashable {
    /// The key id: hex SHA-256 of the canonical key description.
    public let keyid: String
    /// The decoded public key.
    public let publicKey: PublicKey
    /// The scheme signatures are checked with.
    public let scheme: SignatureScheme
    /// The securesystemslib scheme name (`rsassa-pss-sha256`, `ed25519`, `ecdsa-sha2-nistp256`, …).
    public let schemeName: String

    /// Decodes a securesystemslib key description (from a layout's `keys` or a JSON key file).
    ///
    /// Fails when the key type, scheme and key material disagree, or when the key was listed under an id
    /// that is not the id of its content (in-toto-golang `validatePubKey`).
    public init(_ key: InTotoKey) throws {
        try self.init(key, claimedKeyID: key.keyid)
    }

    /// Decodes `key`, checking `claimedKeyID` (if any) against the computed id.
    init(_ key: InTotoKey, claimedKeyID: String?) throws {
        let computed = Hex.encode(Digest.sha256(key.keyIDPreimage()))
        if let claimedKeyID, claimedKeyID != computed {
            throw FormatError(.invalidField, "key id \(claimedKeyID) is not the id of the key's content (\(computed))",
                              field: "keys.\(claimedKeyID)")
        }
        let field = "keys.\(claimedKeyID ?? computed)"
        let publicKey: PublicKey
        let scheme: SignatureScheme
        do {
            switch (key.keytype, key.scheme) {
            case ("ed25519", "ed25519"):
                guard key.publicKey.utf8.count == 64, let raw = Hex.decode(key.publicKey) else {
                    throw FormatError(.invalidField, "an ed25519 keyval.public is 64 hex characters", field: "\(field).keyval.public")
                }
                (publicKey, scheme) = (try PublicKey(rawEd25519: raw), .ed25519)
            case ("rsa", let name):
                publicKey = try PublicKey(pem: key.publicKey)
                guard case .rsa = publicKey.algorithm, let s = Self.rsaSchemes[name] else {
                    throw FormatError(.invalidField, "keytype rsa with scheme \(name) and a \(publicKey.algorithm) key is not supported",
                                      field: field)
                }
                scheme = s
            case ("ecdsa", let name), ("ecdsa-sha2-nistp256", let name), ("ecdsa-sha2-nistp384", let name):
                publicKey = try PublicKey(pem: key.publicKey)
                switch (name, publicKey.algorithm) {
                case ("ecdsa-sha2-nistp256", .ecdsaP256): scheme = .ecdsa(.sha256)
                case ("ecdsa-sha2-nistp384", .ecdsaP384): scheme = .ecdsa(.sha384)
                default:
                    throw FormatError(.invalidField, "scheme \(name) with a \(publicKey.algorithm) key is not supported", field: field)
                }
            default:
                throw FormatError(.invalidField, "keytype \(key.keytype) with scheme \(key.scheme) is not supported", field: field)
            }
        } catch let error as CryptoError {
            throw FormatError(.invalidField, "key material does not decode: \(error.reason)", field: "\(field).keyval.public")
        }
        self.keyid = computed
        self.publicKey = publicKey
        self.scheme = scheme
        self.schemeName = key.scheme
    }

    /// A layout key from a key file: a PEM `PUBLIC KEY` (RSA → rsassa-pss-sha256, Ed25519, ECDSA P-256/P-384)
    /// or a securesystemslib JSON key. A PEM's key id is computed as securesystemslib does (PEM as
    /// re-serialised, no `keyid_hash_algorithms`); the id only labels the key, since layout signatures
    /// are matched by verifying them, not by their key-id hints.
    public static func parse(keyFile data: Data, limits: Limits = .default) throws -> InTotoVerificationKey {
        if data.first(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }) == UInt8(ascii: "{") {
            let o = try JSONReader(JSONValue.parse(data, limits: limits)).object()
            let key = InTotoKey(
                keyid: "", keytype: try o.nonEmptyString("keytype"), scheme: try o.nonEmptyString("scheme"),
                keyidHashAlgorithms: try o.optionalValue("keyid_hash_algorithms").map { try $0.array().map { try $0.string() } },
                publicKey: try o.object("keyval").nonEmptyString("public"), certificate: nil)
            return try InTotoVerificationKey(key, claimedKeyID: nil)
        }
        let publicKey: PublicKey
        do {
            publicKey = try PublicKey(pemData: data)
        } catch let error as CryptoError {
            throw FormatError(.invalidField, "not a PEM public key or securesystemslib JSON key: \(error.reason)")
        }
        let description: InTotoKey
        switch publicKey.algorithm {
        case .rsa:
            description = InTotoKey(keyid: "", keytype: "rsa", scheme: "rsassa-pss-sha256", keyidHashAlgorithms: nil, publicKey: publicKey.pem, certificate: nil)
        case .ed25519:
            description = InTotoKey(keyid: "", keytype: "ed25519", scheme: "ed25519", keyidHashAlgorithms: nil, publicKey: Hex.encode(publicKey.rawEd25519 ?? Data()), certificate: nil)
        case .ecdsaP256:
            description = InTotoKey(keyid: "", keytype: "ecdsa", scheme: "ecdsa-sha2-nistp256", keyidHashAlgorithms: nil, publicKey: publicKey.pem, certificate: nil)
        case .ecdsaP384:
            description = InTotoKey(keyid: "", keytype: "ecdsa", scheme: "ecdsa-sha2-nistp384", keyidHashAlgorithms: nil, publicKey: publicKey.pem, certificate: nil)
        case .ecdsaP521:
            throw FormatError(.invalidField, "ECDSA P-521 keys have no securesystemslib scheme Airlock supports")
        }
        return try InTotoVerificationKey(description, claimedKeyID: nil)
    }

    /// The first signature on `envelope` that this key verifies. With `matchingKeyID`, only signatures
    /// whose key-id hint is this key's id (or empty, as DSSE allows) are tried, and in a Metablock only
    /// the first signature carrying the id, as in-toto-golang `VerifySignature` and securesystemslib
    /// `verify_signature` pick it: a second entry under the same id never rescues a bad first one.
    public func validSignature(on envelope: InTotoEnvelope, matchingKeyID: Bool) -> InTotoEnvelope.Signature? {
        if matchingKeyID, envelope.format != .dsse {
            guard let sig = envelope.signatures.first(where: { $0.keyid == keyid }),
                  publicKey.isValidSignature(sig.sig, for: envelope.signedBytes, scheme: scheme) else { return nil }
            return sig
        }
        return envelope.signatures.first { sig in
            if matchingKeyID, sig.keyid != keyid, !(envelope.format == .dsse && sig.keyid.isEmpty) { return false }
            return publicKey.isValidSignature(sig.sig, for: envelope.signedBytes, scheme: scheme)
        }
    }

    private static let rsaSchemes: [String: SignatureScheme] = [
        "rsassa-pss-sha256": .rsaPSS(.sha256), "rsassa-pss-sha384": .rsaPSS(.sha384), "rsassa-pss-sha512": .rsaPSS(.sha512),
        "rsa-pkcs1v15-sha256": .rsaPKCS1v15(.sha256), "rsa-pkcs1v15-sha384": .rsaPKCS1v15(.sha384),
        "rsa-pkcs1v15-sha512": .rsaPKCS1v15(.sha512),
    ]
}
