import Foundation

/// cosign's legacy blob bundle (`cosign sign-blob --bundle`, before the Sigstore bundle format):
/// `base64Signature`, `cert` (base64 of a PEM certificate; absent for key signing) and `rekorBundle`
/// (the same SET payload as the `dev.sigstore.cosign/bundle` annotation, docs/formats.md §9.2).
///
/// It becomes the v0.1-equivalent bundle the `.sig` layer adapter builds: a message signature, the
/// certificate (or an empty key hint), and one Rekor v1 entry with its SET and no inclusion proof.
public enum CosignBlobBundle {
    /// Whether a parsed top-level object looks like a cosign blob bundle.
    public static func matches(_ o: JSONObjectReader) -> Bool {
        ((try? o.optionalValue("base64Signature")) ?? nil) != nil && ((try? o.optionalValue("mediaType")) ?? nil) == nil
    }

    /// Converts the document to a Sigstore bundle. Throws `FormatError`; a file with neither a
    /// `rekorBundle` nor anything else fixing the signing time is refused (see `CarriedBundles.noSigningTime`).
    public static func bundle(_ o: JSONObjectReader, limits: Limits = .default) throws -> SigstoreBundle {
        let signature = try o.nonEmptyBase64("base64Signature")
        let content: VerificationMaterial.Content
        if let certificate = try o.optionalString("cert"), !certificate.isEmpty {
            guard let pemBytes = Base64.decode(certificate) else {
                throw FormatError(.badBase64, "cert is not base64 (of a PEM certificate)", field: o.childPath("cert"))
            }
            let blocks = PEM.decode(String(decoding: pemBytes, as: UTF8.self)).filter { $0.label == "CERTIFICATE" }
            guard !blocks.isEmpty else {
                throw FormatError(.invalidField, "cert holds no PEM certificate", field: o.childPath("cert"))
            }
            content = .x509CertificateChain(blocks.map(\.der))
        } else {
            content = .publicKey(hint: "")
        }
        guard let rekor = try o.optionalObject("rekorBundle") else {
            throw FormatError(.missingField, CarriedBundles.noSigningTime, field: o.childPath("rekorBundle"))
        }
        let set = try CosignRekorBundle.read(rekor)
        let body = try RekorBody.parse(set.body, limits: limits)
        guard let logID = Hex.decode(set.logIDHex) else {
            throw FormatError(.invalidField, "logID is not hex", field: rekor.childPath("Payload"))
        }
        let entry = TransparencyLogEntry(
            logIndex: set.logIndex, logID: logID, kind: body.kind, version: body.apiVersion,
            integratedTime: set.integratedTime, signedEntryTimestamp: set.signedEntryTimestamp,
            inclusionProof: nil, canonicalizedBody: set.body)
        return SigstoreBundle(
            mediaType: MediaType.sigstoreBundleV01, version: .v0_1,
            verificationMaterial: VerificationMaterial(content: content, tlogEntries: [entry], rfc3161Timestamps: []),
            content: .messageSignature(MessageSignature(digestAlgorithm: nil, digest: nil, signature: signature)))
    }
}
