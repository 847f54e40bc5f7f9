public import Foundation
import AirlockCrypto
public import AirlockFormats

/// A legacy cosign signature or attestation layer, turned into the Sigstore bundle it is equivalent to.
public struct CosignLayerEvidence: Sendable {
    /// The v0.1-equivalent bundle (certificate or key hint, a SET-only tlog entry, timestamps, content).
    public var bundle: SigstoreBundle
    /// What the signature covers: for `.sig`, the payload bytes; nil for `.att` (the image digest is a subject).
    public var signedPayload: Data?
    /// The simple-signing payload of a `.sig` layer.
    public var simpleSigning: CosignSimpleSigning?
}

/// Turns cosign tag-style layers (docs/formats.md §9.2) into `SigstoreBundle` values so `SigstoreVerifier`
/// checks them exactly like bundles: `.sig` layers (simple-signing payload, signature annotation) become
/// message signatures over the payload; `.att` layers (DSSE envelope) become DSSE bundles. The
/// `dev.sigstore.cosign/bundle` annotation becomes one Rekor v1 entry with its SET and no inclusion
/// proof (kind and version read from the body); `…/rfc3161timestamp` becomes a timestamp. Pure: no I/O.
public enum CosignLayerAdapter {
    /// `dev.cosignproject.cosign/signature`.
    public static let signatureAnnotation = OCIAnnotation.cosignSignature
    /// `dev.sigstore.cosign/certificate`.
    public static let certificateAnnotation = OCIAnnotation.cosignCertificate
    /// `dev.sigstore.cosign/chain`.
    public static let chainAnnotation = OCIAnnotation.cosignChain
    /// `dev.sigstore.cosign/bundle`.
    public static let bundleAnnotation = OCIAnnotation.cosignBundle
    /// `dev.sigstore.cosign/rfc3161timestamp`.
    public static let timestampAnnotation = OCIAnnotation.cosignTimestamp

    /// Adapts one layer. Throws `FormatError` when the layer or an annotation does not parse.
    public static func adapt(layer: Data, mediaType: String?, annotations: [String: String],
                             limits: Limits = .default) throws -> CosignLayerEvidence {
        let material = try verificationMaterial(annotations, limits: limits)
        if mediaType == MediaType.dsseEnvelope {
            let envelope = try DSSEEnvelope.parse(layer, limits: limits)
            return CosignLayerEvidence(bundle: bundle(material, .dsseEnvelope(envelope)), signedPayload: nil, simpleSigning: nil)
        }
        let payload = try CosignSimpleSigning.parse(layer, limits: limits)
        guard let encoded = annotations[signatureAnnotation], !encoded.isEmpty, let signature = Base64.decode(encoded) else {
            throw FormatError(.missingField, "a cosign signature layer needs a base64 \(signatureAnnotation) annotation", field: signatureAnnotation)
        }
        let message = MessageSignature(digestAlgorithm: nil, digest: nil, signature: signature)
        return CosignLayerEvidence(bundle: bundle(material, .messageSignature(message)), signedPayload: layer, simpleSigning: payload)
    }

    private static func bundle(_ material: VerificationMaterial, _ content: SigstoreBundleContent) -> SigstoreBundle {
        SigstoreBundle(mediaType: MediaType.sigstoreBundleV01, version: .v0_1,
                       verificationMaterial: material, content: content)
    }

    private static func verificationMaterial(_ annotations: [String: String], limits: Limits) throws -> VerificationMaterial {
        let content: VerificationMaterial.Content
        if let pem = annotations[certificateAnnotation], !pem.isEmpty {
            var chain: [Data]
            do {
                chain = try Certificate.parsePEM(pem).map(\.der)
                if let more = annotations[chainAnnotation], !more.isEmpty { chain += try Certificate.parsePEM(more).map(\.der) }
            } catch {
                throw FormatError(.invalidField, "certificate annotation does not parse: \(error)", field: certificateAnnotation)
            }
            guard !chain.isEmpty else { throw FormatError(.invalidField, "certificate annotation holds no certificate", field: certificateAnnotation) }
            content = .x509CertificateChain(chain)
        } else {
            content = .publicKey(hint: "")
        }
        var entries: [TransparencyLogEntry] = []
        if let json = annotations[bundleAnnotation], !json.isEmpty {
            let set = try CosignRekorBundle.parse(Data(json.utf8), limits: limits)
            let body = try RekorBody.parse(set.body, limits: limits)
            guard let logID = Hex.decode(set.logIDHex) else {
                throw FormatError(.invalidField, "logID is not hex", field: bundleAnnotation)
            }
            entries.append(TransparencyLogEntry(
                logIndex: set.logIndex, logID: logID, kind: body.kind, version: body.apiVersion, integratedTime: set.integratedTime,
                signedEntryTimestamp: set.signedEntryTimestamp, inclusionProof: nil, canonicalizedBody: set.body))
        }
        var timestamps: [Data] = []
        if let json = annotations[timestampAnnotation], !json.isEmpty {
            let o = try JSONReader(JSONValue.parse(Data(json.utf8), limits: limits)).object()
            timestamps.append(try o.nonEmptyBase64("SignedRFC3161Timestamp"))
        }
        return VerificationMaterial(content: content, tlogEntries: entries, rfc3161Timestamps: timestamps)
    }
}
