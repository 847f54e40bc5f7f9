public import Foundation

/// `intoto` v0.0.1 spec (legacy cosign attestations): the payload hash and the signer's key; the
/// signature itself is not in the body.
public struct IntotoV001: Sendable, Hashable {
    /// `spec.content.payloadHash.algorithm`, normalised.
    public var payloadHashAlgorithm: String
    /// `spec.content.payloadHash.value`, lowercase hex.
    public var payloadHashHex: String
    /// `spec.publicKey`, decoded: PEM of a certificate or public key.
    public var publicKeyPEM: Data

    static func read(_ spec: JSONObjectReader) throws -> IntotoV001 {
        let (alg, hex) = try RekorBody.readHexHash(spec.object("content").object("payloadHash"))
        return IntotoV001(payloadHashAlgorithm: alg, payloadHashHex: hex, publicKeyPEM: try spec.nonEmptyBase64("publicKey"))
    }
}

/// `intoto` v0.0.2 spec.
public struct IntotoV002: Sendable, Hashable {
    /// One envelope signature with its key.
    public struct Signature: Sendable, Hashable {
        /// The signature bytes: `sig` is base64 of base64(signature) in the body, decoded twice here.
        public var signature: Data
        /// `publicKey`, decoded: PEM of a certificate or public key.
        public var publicKeyPEM: Data
    }

    /// `spec.content.payloadHash.algorithm`, normalised.
    public var payloadHashAlgorithm: String
    /// `spec.content.payloadHash.value`, lowercase hex.
    public var payloadHashHex: String
    /// `spec.content.envelope.signatures`, in order.
    public var signatures: [Signature]

    static func read(_ spec: JSONObjectReader, limits: Limits) throws -> IntotoV002 {
        let content = try spec.object("content")
        let (alg, hex) = try RekorBody.readHexHash(content.object("payloadHash"))
        let sigs = try content.object("envelope").array("signatures", maxCount: limits.maxDSSESignatures).map { r in
            let s = try r.object()
            let once = try s.value("sig")
            guard let inner = String(data: try once.base64(), encoding: .utf8), let sig = Base64.decode(inner), !sig.isEmpty else {
                throw once.error(.badBase64, "sig must be base64 of a base64 signature")
            }
            return Signature(signature: sig, publicKeyPEM: try s.nonEmptyBase64("publicKey"))
        }
        guard !sigs.isEmpty else {
            throw FormatError(.missingField, "no signatures", field: content.childPath("envelope.signatures"))
        }
        return IntotoV002(payloadHashAlgorithm: alg, payloadHashHex: hex, signatures: sigs)
    }
}
