import Foundation

/// A PyPI PEP 740 attestation (`{"version": 1, "verification_material": {"certificate",
/// "transparency_entries"}, "envelope": {"statement", "signature"}}`), alone or inside the Integrity
/// API's `{"attestation_bundles": [{"publisher", "attestations": […]}]}` response.
///
/// Each attestation becomes a v0.3 Sigstore bundle: the DER leaf certificate, the transparency entries
/// (protojson `TransparencyLogEntry`, as in bundles) and a DSSE envelope of type in-toto with one signature.
public enum PEP740Attestation {
    /// Whether a parsed top-level object is a PEP 740 attestation or an Integrity API response.
    public static func matches(_ o: JSONObjectReader) -> Bool {
        ((try? o.optionalValue("verification_material")) ?? nil) != nil
            || ((try? o.optionalValue("attestation_bundles")) ?? nil) != nil
    }

    /// Every attestation in the document, converted, in document order. Throws `FormatError`.
    public static func bundles(_ o: JSONObjectReader, limits: Limits = .default) throws -> [SigstoreBundle] {
        guard (try o.optionalValue("attestation_bundles")) != nil else { return [try bundle(o, limits: limits)] }
        var out: [SigstoreBundle] = []
        for group in try o.array("attestation_bundles", maxCount: limits.maxTlogEntries) {
            for attestation in try group.object().array("attestations", maxCount: limits.maxTlogEntries) {
                out.append(try bundle(attestation.object(), limits: limits))
            }
        }
        guard !out.isEmpty else { throw o.error(.missingField, "the Integrity API response holds no attestation") }
        return out
    }

    /// Converts one attestation object.
    public static func bundle(_ o: JSONObjectReader, limits: Limits = .default) throws -> SigstoreBundle {
        let version = try o.int64("version", allowString: false)
        guard version == 1 else {
            throw FormatError(.unsupportedVersion, "PEP 740 attestation version \(version) is not supported (only 1)", field: o.childPath("version"))
        }
        let material = try o.object("verification_material")
        let certificate = try material.nonEmptyBase64("certificate")
        let entries = try material.array("transparency_entries", maxCount: limits.maxTlogEntries).map {
            try TransparencyLogEntry.read($0.object(), limits: limits)
        }
        let envelope = try o.object("envelope")
        let dsse = DSSEEnvelope(payload: try envelope.nonEmptyBase64("statement"), payloadType: MediaType.inTotoPayload,
                                signatures: [DSSESignature(sig: try envelope.nonEmptyBase64("signature"), keyid: nil)])
        return SigstoreBundle(
            mediaType: MediaType.sigstoreBundleV03, version: .v0_3,
            verificationMaterial: VerificationMaterial(content: .certificate(certificate), tlogEntries: entries, rfc3161Timestamps: []),
            content: .dsseEnvelope(dsse))
    }
}
