public import Foundation
public import AirlockCrypto
import AirlockFormats

/// Canonicalized Rekor entry bodies (the exact log leaves), written independently of the verifier's
/// parser so tests cross-check one against the other (docs/formats.md §3.4, §4.2).
public enum RekorBodies {
    /// hashedrekord 0.0.1: `spec.data.hash.{algorithm, value: hex}`,
    /// `spec.signature.{content: b64 sig, publicKey.content: b64 PEM}`.
    public static func hashedRekordV001(digestAlgorithm: DigestAlgorithm = .sha256, digest: Data, signature: Data, verifierPEM: String) -> Data {
        jcs(["apiVersion": .string("0.0.1"), "kind": .string("hashedrekord"), "spec": object([
            "data": object(["hash": object([
                "algorithm": .string(digestAlgorithm.rawValue), "value": .string(Hex.encode(digest)),
            ])]),
            "signature": object([
                "content": .string(Base64.encode(signature)),
                "publicKey": object(["content": .string(Base64.encode(Data(verifierPEM.utf8)))]),
            ]),
        ])])
    }

    /// dsse 0.0.1: `spec.payloadHash` (hex SHA-256 of the payload), `spec.envelopeHash` (hex SHA-256 of
    /// the envelope JSON; not compared by verifiers), `spec.signatures[{signature, verifier: b64 PEM}]`.
    public static func dsseV001(payload: Data, envelopeJSON: Data, signatures: [Data], verifierPEM: String) -> Data {
        jcs(["apiVersion": .string("0.0.1"), "kind": .string("dsse"), "spec": object([
            "envelopeHash": sha256Hex(envelopeJSON),
            "payloadHash": sha256Hex(payload),
            "signatures": .array(signatures.map { sig in object([
                "signature": .string(Base64.encode(sig)),
                "verifier": .string(Base64.encode(Data(verifierPEM.utf8))),
            ]) }),
        ])])
    }

    /// intoto 0.0.2: the envelope without payload; each `sig` is base64 of base64(signature) and each
    /// `publicKey` base64 of PEM; `content.payloadHash` is the hex SHA-256 of the payload.
    public static func intotoV002(payloadType: String, payload: Data, envelopeJSON: Data, signatures: [Data], verifierPEM: String) -> Data {
        jcs(["apiVersion": .string("0.0.2"), "kind": .string("intoto"), "spec": object([
            "content": object([
                "envelope": object([
                    "payloadType": .string(payloadType),
                    "signatures": .array(signatures.map { sig in object([
                        "publicKey": .string(Base64.encode(Data(verifierPEM.utf8))),
                        "sig": .string(Base64.encode(Data(Base64.encode(sig).utf8))),
                    ]) }),
                ]),
                "hash": sha256Hex(envelopeJSON),
                "payloadHash": sha256Hex(payload),
            ]),
        ])])
    }

    /// The verifier of a Rekor v2 entry: a certificate or a bare key, with its `keyDetails` name.
    public enum V2Verifier: Sendable {
        /// `x509Certificate.rawBytes` (DER leaf).
        case certificate(Data)
        /// `publicKey.rawBytes` (DER SPKI).
        case publicKey(Data)
    }

    /// hashedrekord 0.0.2 (docs/formats.md §4.2), JCS-canonical protojson of the entry.
    public static func hashedRekordV002(digestAlgorithm: String = "SHA2_256", digest: Data, signature: Data,
                                        keyDetails: String = "PKIX_ECDSA_P256_SHA_256", verifier: V2Verifier) -> Data {
        jcs(["apiVersion": .string("0.0.2"), "kind": .string("hashedrekord"), "spec": object([
            "hashedRekordV002": object([
                "data": object(["algorithm": .string(digestAlgorithm), "digest": .string(Base64.encode(digest))]),
                "signature": object([
                    "content": .string(Base64.encode(signature)),
                    "verifier": v2Verifier(verifier, keyDetails: keyDetails),
                ]),
            ]),
        ])])
    }

    /// dsse 0.0.2 (deprecated `DSSELogEntryV002`): verifiers should reject it with a clean error.
    public static func dsseV002(payload: Data, signature: Data, keyDetails: String = "PKIX_ECDSA_P256_SHA_256", verifier: V2Verifier) -> Data {
        jcs(["apiVersion": .string("0.0.2"), "kind": .string("dsse"), "spec": object([
            "dsseV002": object([
                "payloadHash": object(["algorithm": .string("SHA2_256"), "digest": .string(Base64.encode(Digest.sha256(payload)))]),
                "signatures": .array([object([
                    "content": .string(Base64.encode(signature)),
                    "verifier": v2Verifier(verifier, keyDetails: keyDetails),
                ])]),
            ]),
        ])])
    }

    // MARK: helpers

    private static func v2Verifier(_ verifier: V2Verifier, keyDetails: String) -> JSONValue {
        switch verifier {
        case .certificate(let der):
            object(["keyDetails": .string(keyDetails), "x509Certificate": object(["rawBytes": .string(Base64.encode(der))])])
        case .publicKey(let spki):
            object(["keyDetails": .string(keyDetails), "publicKey": object(["rawBytes": .string(Base64.encode(spki))])])
        }
    }

    private static func sha256Hex(_ data: Data) -> JSONValue {
        object(["algorithm": .string("sha256"), "value": .string(Hex.encode(Digest.sha256(data)))])
    }

    static func object(_ pairs: KeyValuePairs<String, JSONValue>) -> JSONValue { .object(JSONObject(pairs)) }

    private static func jcs(_ pairs: KeyValuePairs<String, JSONValue>) -> Data {
        // Only strings, objects and arrays: JCS cannot fail on them.
        (try? CanonicalJSON.rfc8785(object(pairs))) ?? Data()
    }
}
