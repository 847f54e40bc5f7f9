public import Foundation

/// `hashedrekord` v0.0.2 spec (Rekor v2, docs/formats.md §4.2), and the canonical body rebuilt from its fields.
public struct HashedRekordV002: Sendable, Hashable {
    /// The signer: a DER leaf certificate or a DER SubjectPublicKeyInfo.
    public enum Verifier: Sendable, Hashable {
        /// `verifier.x509Certificate.rawBytes`.
        case x509Certificate(Data)
        /// `verifier.publicKey.rawBytes`.
        case publicKey(Data)
    }

    /// `data.algorithm`, normalised (`sha256`, …).
    public var digestAlgorithm: String
    /// `data.digest`: the artifact digest, or Hash(PAE) for DSSE bundles.
    public var digest: Data
    /// `signature.content`.
    public var signature: Data
    /// `signature.verifier.keyDetails`, e.g. `PKIX_ECDSA_P256_SHA_256`.
    public var keyDetails: String
    /// `signature.verifier` key material.
    public var verifier: Verifier

    /// Makes a spec.
    public init(digestAlgorithm: String, digest: Data, signature: Data, keyDetails: String, verifier: Verifier) {
        self.digestAlgorithm = digestAlgorithm
        self.digest = digest
        self.signature = signature
        self.keyDetails = keyDetails
        self.verifier = verifier
    }

    static func read(_ spec: JSONObjectReader) throws -> HashedRekordV002 {
        // Current bodies use `hashedRekordV002`; CLIENTS.md shows the older `hashedRekordV0_0_2`.
        let inner = try spec.optionalObject("hashedRekordV002") ?? spec.object("hashedRekordV0_0_2")
        let data = try inner.object("data")
        let algName = try data.string("algorithm")
        guard let alg = HashAlgorithmName.normalise(algName) else {
            throw FormatError(.invalidField, "unknown hash algorithm \"\(algName.prefix(40))\"", field: data.childPath("algorithm"))
        }
        let digest = try data.nonEmptyBase64("digest")
        let sig = try inner.object("signature")
        let v = try sig.object("verifier")
        let cert = try v.optionalObject("x509Certificate")
        let key = try v.optionalObject("publicKey")
        let verifier: Verifier
        switch (cert, key) {
        case (let c?, nil): verifier = .x509Certificate(try c.nonEmptyBase64("rawBytes"))
        case (nil, let k?): verifier = .publicKey(try k.nonEmptyBase64("rawBytes"))
        case (nil, nil): throw v.error(.missingField, "one of x509Certificate or publicKey is required")
        default: throw v.error(.invalidField, "only one of x509Certificate or publicKey may be present")
        }
        return HashedRekordV002(digestAlgorithm: alg, digest: digest, signature: try sig.nonEmptyBase64("content"),
                                keyDetails: try v.nonEmptyString("keyDetails"), verifier: verifier)
    }

    /// This spec's canonical body (see `RekorBody.canonicalHashedRekordV002`).
    public var canonicalBody: Data {
        RekorBody.canonicalHashedRekordV002(digestAlgorithm: digestAlgorithm, digest: digest, signature: signature,
                                            keyDetails: keyDetails, verifier: verifier)
    }
}

extension RekorBody {
    /// The exact JCS bytes of a Rekor v2 `hashedrekord` 0.0.2 entry (the log leaf), rebuilt from the
    /// bundle's fields. `digestAlgorithm` may be normalised (`sha256`) or the proto name (`SHA2_256`).
    public static func canonicalHashedRekordV002(digestAlgorithm: String, digest: Data, signature: Data,
                                                 keyDetails: String, verifier: HashedRekordV002.Verifier) -> Data {
        let protoAlgorithm = HashAlgorithmName.normalise(digestAlgorithm).flatMap(HashAlgorithmName.protoName) ?? digestAlgorithm
        let verifierMember: (String, Data) = switch verifier {
        case .x509Certificate(let der): ("x509Certificate", der)
        case .publicKey(let der): ("publicKey", der)
        }
        let body: JSONValue = .object(JSONObject([
            "apiVersion": .string("0.0.2"),
            "kind": .string("hashedrekord"),
            "spec": .object(JSONObject([
                "hashedRekordV002": .object(JSONObject([
                    "data": .object(JSONObject([
                        "algorithm": .string(protoAlgorithm),
                        "digest": .string(Base64.encode(digest)),
                    ])),
                    "signature": .object(JSONObject([
                        "content": .string(Base64.encode(signature)),
                        "verifier": .object({
                            var o = JSONObject()
                            o["keyDetails"] = .string(keyDetails)
                            o[verifierMember.0] = .object(JSONObject(["rawBytes": .string(Base64.encode(verifierMember.1))]))
                            return o
                        }()),
                    ])),
                ])),
            ])),
        ]))
        // Only strings and objects: JCS cannot fail here.
        return (try? CanonicalJSON.rfc8785(body)) ?? Data()
    }
}
