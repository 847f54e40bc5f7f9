import Foundation
import AirlockFormats

/// Link attestations attached to the image (a layout rule's `predicateType`): DSSE envelopes whose
/// Statement has the in-toto link predicate v0.3, carried as cosign `.att` layers, OCI referrer layers
/// (`dsse`) or the `dsseEnvelope` of a Sigstore bundle. Each becomes a link file of the layout's folder,
/// named `<step>.<keyid8>.link` after the step functionary whose key verifies its DSSE signature, so the
/// verify-layout engine counts it exactly as a link file (thresholds of distinct keys, D16).
///
/// An attestation no functionary key of its step verifies is still handed over, under the key-id hint of
/// its first signature (or its own digest), so the step's threshold check names it. Where a link file
/// already has the name, the file is kept; several attestations for one name keep the first by digest.
enum LayoutLinkAttestations {
    /// Evidence kinds that can carry a DSSE envelope attached to an image.
    static let kinds: Set<String> = [EvidenceKind.dsse.rawValue, EvidenceKind.cosignAttestation.rawValue, EvidenceKind.sigstoreBundle.rawValue]

    /// The attestations, by link file name, with the digests of the inputs used; a link attestation that
    /// does not convert to a link fails (malformed evidence fails closed, D14), naming it.
    static func files(_ evidence: [EvidenceInput], predicateType: String, layout: InTotoLayout, layoutFile: String,
                      taken: Set<String>, limits: Limits) -> StepOutcome<[(name: String, data: Data, sha256: String)]?> {
        let keys = (try? InTotoLayoutRun.functionaryKeys(layout, file: layoutFile)) ?? [:]
        var out: [(name: String, data: Data, sha256: String)] = []
        var names = taken
        for input in evidence.sorted(by: { $0.sha256 < $1.sha256 }) where kinds.contains(input.kind) {
            guard let dsse = envelope(input.content, limits: limits), dsse.payloadType == MediaType.inTotoPayload,
                  let type = try? InTotoStatement.parse(dsse.payload, limits: limits).predicateType, type == predicateType else { continue }
            let data = dsse.encoded()
            let reference = ContentDigest.sha256Reference(input.sha256)
            let parsed: InTotoEnvelope
            do {
                parsed = try InTotoEnvelope.parse(data, limits: limits)
            } catch {
                return StepOutcome(checks: [.fail(CheckID.layout, "link attestation \(reference) does not convert to an in-toto link: \(error)",
                                                  evidence: [reference])], value: nil)
            }
            guard case .link(let link) = parsed.document else { continue }
            let stepKeys = layout.steps.first { $0.name == link.name }?.pubkeys ?? []
            let signer = stepKeys.sorted().first { keys[$0]?.validSignature(on: parsed, matchingKeyID: false) != nil }
            let hint = parsed.signatures.first.map(\.keyid).flatMap { $0.count >= 8 && !$0.contains("/") ? String($0.prefix(8)) : nil }
            let name = "\(link.name).\(signer.map { String($0.prefix(8)) } ?? hint ?? String(input.sha256.prefix(8))).link"
            guard names.insert(name).inserted else { continue }
            out.append((name, data, input.sha256))
        }
        return StepOutcome(checks: [], value: out)
    }

    /// DSSE layouts attached to the image (payload type in-toto, payload `_type: "layout"`), re-encoded as
    /// DSSE envelopes, with the digests of the evidence that carried them, by digest.
    static func layouts(_ evidence: [EvidenceInput], limits: Limits) -> [(data: Data, sha256: String)] {
        evidence.sorted { $0.sha256 < $1.sha256 }.compactMap { input in
            guard kinds.contains(input.kind), let dsse = envelope(input.content, limits: limits), dsse.payloadType == MediaType.inTotoPayload,
                  (try? JSONValue.parse(dsse.payload, limits: limits))?.objectValue?["_type"]?.stringValue == "layout" else { return nil }
            return (dsse.encoded(), input.sha256)
        }
    }

    /// The DSSE envelope of a DSSE document or of a Sigstore bundle; nil when the bytes are neither.
    private static func envelope(_ content: Data, limits: Limits) -> DSSEEnvelope? {
        guard let root = try? JSONReader(JSONValue.parse(content, limits: limits)).object() else { return nil }
        if let inner = try? root.optionalObject("dsseEnvelope") { return try? DSSEEnvelope.read(inner, limits: limits) }
        return try? DSSEEnvelope.read(root, limits: limits)
    }
}
