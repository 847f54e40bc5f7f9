public import Foundation
public import AirlockFormats


/// Every field of a Sigstore bundle as plain values, before JSON rendering.
///
/// Builders fill it in from real signatures and log entries; broken variants change one field
/// afterwards. `json()` writes protojson field names (§1.2–1.3): int64 as strings, bytes as base64.
public struct SigstoreBundleParts: Sendable {
    /// How the signer is identified.
    public enum Material: Sendable {
        /// `x509CertificateChain.certificates[].rawBytes` (v0.1/v0.2 keyless), leaf first.
        case certificateChain([Data])
        /// `certificate.rawBytes` (v0.3 keyless).
        case certificate(Data)
        /// `publicKey.hint` (managed key).
        case publicKey(hint: String)
    }

    /// What was signed.
    public enum Content: Sendable {
        /// `messageSignature`; `digestAlgorithm` is the proto enum name, e.g. `SHA2_256`.
        case message(digestAlgorithm: String, digest: Data, signature: Data)
        /// `dsseEnvelope`; each signature has an optional `keyid`.
        case dsse(payloadType: String, payload: Data, signatures: [(sig: Data, keyid: String)])
    }

    /// One `inclusionProof`: the parsed type itself, so what the kit writes is what the parser reads.
    public typealias Proof = InclusionProof

    /// One `TransparencyLogEntry`: the parsed type itself (nil SET or proof omits the member).
    public typealias TlogEntry = TransparencyLogEntry

    /// `mediaType`.
    public var mediaType: String
    /// The verification material's signer.
    public var material: Material
    /// `tlogEntries`.
    public var tlogEntries: [TlogEntry]
    /// `timestampVerificationData.rfc3161Timestamps[].signedTimestamp` (DER TimeStampResp each).
    public var rfc3161Timestamps: [Data]
    /// The signed content.
    public var content: Content

    /// Makes bundle parts.
    public init(mediaType: String, material: Material, tlogEntries: [TlogEntry], rfc3161Timestamps: [Data], content: Content) {
        self.mediaType = mediaType
        self.material = material
        self.tlogEntries = tlogEntries
        self.rfc3161Timestamps = rfc3161Timestamps
        self.content = content
    }

    /// The bundle as protojson-style JSON (document order, no whitespace).
    public func json() -> Data { CanonicalJSON.compact(jsonValue()) }

    /// The bundle as a JSON value.
    public func jsonValue() -> JSONValue {
        var material = JSONObject()
        switch self.material {
        case .certificateChain(let chain):
            material["x509CertificateChain"] = obj(["certificates": .array(chain.map { obj(["rawBytes": b64($0)]) })])
        case .certificate(let der):
            material["certificate"] = obj(["rawBytes": b64(der)])
        case .publicKey(let hint):
            material["publicKey"] = obj(["hint": .string(hint)])
        }
        material["tlogEntries"] = .array(tlogEntries.map(Self.entryJSON))
        if !rfc3161Timestamps.isEmpty {
            material["timestampVerificationData"] = obj([
                "rfc3161Timestamps": .array(rfc3161Timestamps.map { obj(["signedTimestamp": b64($0)]) }),
            ])
        }
        var bundle = JSONObject()
        bundle["mediaType"] = .string(mediaType)
        bundle["verificationMaterial"] = .object(material)
        switch content {
        case .message(let algorithm, let digest, let signature):
            bundle["messageSignature"] = obj([
                "messageDigest": obj(["algorithm": .string(algorithm), "digest": b64(digest)]),
                "signature": b64(signature),
            ])
        case .dsse:
            bundle["dsseEnvelope"] = dsseEnvelopeJSON() ?? .null
        }
        return .object(bundle)
    }

    /// The DSSE envelope alone (`{"payload","payloadType","signatures"}`), nil for message signatures.
    public func dsseEnvelopeJSON() -> JSONValue? {
        guard case .dsse(let payloadType, let payload, let signatures) = content else { return nil }
        return obj([
            "payload": b64(payload),
            "payloadType": .string(payloadType),
            "signatures": .array(signatures.map { sig in
                var o = JSONObject()
                o["sig"] = b64(sig.sig)
                if !sig.keyid.isEmpty { o["keyid"] = .string(sig.keyid) }
                return .object(o)
            }),
        ])
    }

    private static func entryJSON(_ entry: TlogEntry) -> JSONValue {
        var o = JSONObject()
        o["logIndex"] = .string(String(entry.logIndex))
        o["logId"] = obj(["keyId": b64(entry.logID)])
        o["kindVersion"] = obj(["kind": .string(entry.kind), "version": .string(entry.version)])
        o["integratedTime"] = .string(String(entry.integratedTime))
        if let set = entry.signedEntryTimestamp {
            o["inclusionPromise"] = obj(["signedEntryTimestamp": b64(set)])
        }
        if let proof = entry.inclusionProof {
            var p = JSONObject()
            p["logIndex"] = .string(String(proof.logIndex))
            p["rootHash"] = b64(proof.rootHash)
            p["treeSize"] = .string(String(proof.treeSize))
            p["hashes"] = .array(proof.hashes.map(b64))
            if let checkpoint = proof.checkpoint {
                p["checkpoint"] = obj(["envelope": .string(checkpoint)])
            }
            o["inclusionProof"] = .object(p)
        }
        o["canonicalizedBody"] = b64(entry.canonicalizedBody)
        return .object(o)
    }
}

private func obj(_ pairs: KeyValuePairs<String, JSONValue>) -> JSONValue { .object(JSONObject(pairs)) }
private func b64(_ data: Data) -> JSONValue { .string(Base64.encode(data)) }
