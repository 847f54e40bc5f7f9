public import Foundation

/// A DSSE envelope (secure-systems-lab/dsse `envelope.md`): a typed payload and signatures over its PAE.
///
/// Unknown members are ignored (forward compatible). Base64 may be standard or URL-safe. At least one
/// signature is required and at most `Limits.maxDSSESignatures` are accepted; the Sigstore rule of
/// exactly one signature is the verifier's.
public struct DSSEEnvelope: Sendable, Hashable {
    /// The decoded payload bytes (what the verifier must process, never a re-decoding).
    public var payload: Data
    /// The payload type, e.g. `application/vnd.in-toto+json`.
    public var payloadType: String
    /// The signatures, in file order.
    public var signatures: [DSSESignature]

    /// Makes an envelope.
    public init(payload: Data, payloadType: String, signatures: [DSSESignature]) {
        self.payload = payload
        self.payloadType = payloadType
        self.signatures = signatures
    }

    /// Parses envelope JSON.
    public static func parse(_ data: Data, limits: Limits = .default) throws -> DSSEEnvelope {
        try read(JSONReader(JSONValue.parse(data, limits: limits)).object(), limits: limits)
    }

    /// Reads an envelope from a parsed JSON object (also used for `dsseEnvelope` inside bundles).
    public static func read(_ o: JSONObjectReader, limits: Limits = .default) throws -> DSSEEnvelope {
        let payload = try o.base64("payload")
        let payloadType = try o.nonEmptyString("payloadType")
        let sigs = try o.array("signatures", maxCount: limits.maxDSSESignatures).map { r in
            let s = try r.object()
            let keyid = try s.optionalString("keyid")
            return DSSESignature(sig: try s.nonEmptyBase64("sig"), keyid: keyid?.isEmpty == true ? nil : keyid)
        }
        guard !sigs.isEmpty else {
            throw FormatError(.missingField, "the envelope has no signatures", field: o.childPath("signatures"))
        }
        return DSSEEnvelope(payload: payload, payloadType: payloadType, signatures: sigs)
    }

    /// The pre-authentication encoding of this envelope: the bytes every signature covers.
    public func pae() -> Data {
        Self.pae(type: payloadType, body: payload)
    }

    /// `"DSSEv1" SP len(type) SP type SP len(body) SP body`, lengths as ASCII decimal byte counts.
    public static func pae(type: String, body: Data) -> Data {
        let typeBytes = Data(type.utf8)
        var out = Data("DSSEv1 \(typeBytes.count) ".utf8)
        out.append(typeBytes)
        out.append(contentsOf: Data(" \(body.count) ".utf8))
        out.append(body)
        return out
    }
}

/// One DSSE signature.
public struct DSSESignature: Sendable, Hashable {
    /// The signature bytes.
    public var sig: Data
    /// The unauthenticated key-id hint, nil if absent or empty.
    public var keyid: String?

    /// Makes a signature.
    public init(sig: Data, keyid: String?) {
        self.sig = sig
        self.keyid = keyid
    }
}
