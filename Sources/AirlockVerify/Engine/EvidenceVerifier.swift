import Foundation
import AirlockCrypto
import AirlockFormats

/// Verifies one piece of evidence about an image: decode it to a Sigstore bundle (directly, or through
/// the cosign adapter), verify it with `SigstoreVerifier` for the image digest, and report every check
/// under the id prefix `evidence[<sha256 prefix>].`.
struct EvidenceVerifier {
    /// The cosign v3 "sign" predicate: a DSSE bundle that is an image signature, not an attestation.
    static let cosignSignPredicate = PredicateType.cosignSign

    /// An identity every certificate matches (empty unanchored regular expressions).
    static let anyIdentity = CertificateIdentity(subjectAlternativeName: try! .regex(""), issuer: try! .regex(""))

    let rule: PolicyRule
    let verifier: SigstoreVerifier
    let limits: Limits
    let imageDigest: String
    let artifact: ArtifactInput
    let time: Date

    /// The checks of one piece of evidence, and the evidence when it verified.
    typealias Outcome = StepOutcome<VerifiedEvidence?>

    func verify(_ input: EvidenceInput) -> Outcome {
        let prefix = CheckID.evidencePrefix(sha256: input.sha256)
        let reference = ContentDigest.sha256Reference(input.sha256)
        let decoded: (bundle: SigstoreBundle, artifact: ArtifactInput, payloadCheck: CheckResult?)
        do {
            guard let value = try decode(input, prefix: prefix) else {
                return Outcome(checks: [.skip(prefix + CheckID.evidenceKind, "\(input.kind) evidence carries no signature to verify", evidence: [reference])], value: nil)
            }
            decoded = value
        } catch {
            return Outcome(checks: [.fail(prefix + CheckID.evidenceParse, "\(input.kind) evidence does not parse: \(error)", evidence: [reference])], value: nil)
        }
        let predicateType = Self.predicateType(decoded.bundle)
        let role: VerifiedEvidence.Role = predicateType == nil || predicateType == Self.cosignSignPredicate ? .signature : .attestation
        let proofs = role == .signature
            ? (rule.signatures?.proofs ?? ProofRequirement())
            : (rule.attestations.first { $0.predicateType == predicateType }?.proofs ?? ProofRequirement())
        var checks: [CheckResult] = decoded.payloadCheck.map { [$0] } ?? []
        let result: SigstoreVerificationResult
        var keySPKI: String?
        switch decoded.bundle.verificationMaterial.content {
        case .publicKey:
            let keys = signers(for: role, predicateType: predicateType).compactMap { signer -> PublicKey? in
                if case .key(let key) = signer.kind { return key }
                return nil
            }
            guard !keys.isEmpty else {
                checks.append(.skip(CheckID.signer, "signed with a key and the rule lists no keys; not counted", evidence: [reference]))
                return Outcome(checks: checks.map { prefixed($0, prefix, reference) }, value: nil)
            }
            var verifiedWith: SigstoreVerificationResult?
            for key in keys {
                let policy = VerificationPolicy(signer: .key(ManagedKey(publicKey: key)), thresholds: proofs.thresholds)
                let r = verifier.verify(decoded.bundle, artifact: decoded.artifact, policy: policy, at: time)
                if r.verified { verifiedWith = r; keySPKI = Hex.encode(Digest.sha256(key.spkiDER)); break }
            }
            // Without the signer's key a bad signature and another signer's signature look the same:
            // such evidence is reported and not counted.
            guard let verifiedWith else {
                checks.append(.skip(CheckID.signer, "verifies with none of the \(keys.count) key(s) the rule lists; not counted", evidence: [reference]))
                return Outcome(checks: checks.map { prefixed($0, prefix, reference) }, value: nil)
            }
            result = verifiedWith
        default:
            // Any identity verifies here; the rule's signer lists decide below whether it counts.
            var policy = VerificationPolicy(signer: .certificate([Self.anyIdentity]), thresholds: proofs.thresholds)
            // Safe here: the identity matches anything (empty patterns); verdicts v1 list it always.
            policy.unsafeMatchIdentityWithoutChain = true
            result = verifier.verify(decoded.bundle, artifact: decoded.artifact, policy: policy, at: time)
        }
        // Listed as verdicts v1 list them, so recorded verdicts replay byte for byte.
        checks += VerdictCheckOrder.v1(result.checks)
        let all = checks.map { prefixed($0, prefix, reference) }
        guard result.verified, decoded.payloadCheck?.status != .failed else { return Outcome(checks: all, value: nil) }
        var statement: InTotoStatement?
        if case .dsseEnvelope(let envelope) = decoded.bundle.content {
            // The exact payload bytes that verified (never re-decoded from the envelope JSON).
            statement = try? InTotoStatement.parse(envelope.payload, limits: limits)
        }
        return Outcome(checks: all, value: VerifiedEvidence(sha256: input.sha256, role: role, signer: result.signer,
                                                               keySPKI: keySPKI, statement: statement,
                                                               checkpoints: result.logEntries.compactMap(\.checkpoint)))
    }

    /// The bundle, the artifact its signature covers and (for `.sig` layers) the payload-digest check;
    /// nil when the evidence kind carries no signature.
    private func decode(_ input: EvidenceInput, prefix: String) throws -> (SigstoreBundle, ArtifactInput, CheckResult?)? {
        switch input.kind {
        case EvidenceKind.sigstoreBundle.rawValue:
            return (try SigstoreBundle.parse(input.content, limits: limits), artifact, nil)
        case EvidenceKind.cosignSignature.rawValue, EvidenceKind.cosignAttestation.rawValue, EvidenceKind.dsse.rawValue:
            guard input.mediaType == MediaType.dsseEnvelope || input.mediaType == MediaType.cosignSimpleSigning else { return nil }
            let adapted = try CosignLayerAdapter.adapt(layer: input.content, mediaType: input.mediaType, annotations: input.annotations, limits: limits)
            guard let payload = adapted.signedPayload, let simple = adapted.simpleSigning else {
                return (adapted.bundle, artifact, nil)
            }
            let signed = simple.imageDigest.description
            let check: CheckResult = signed == imageDigest
                ? .pass(CheckID.cosignPayload, "simple-signing payload names the image \(signed) (\(CosignSimpleSigning.expectedType))")
                : .fail(CheckID.cosignPayload, "simple-signing payload signs \(signed), not the image \(imageDigest)")
            return (adapted.bundle, .bytes(payload), check)
        default:
            return nil
        }
    }

    private func signers(for role: VerifiedEvidence.Role, predicateType: String?) -> [PolicySigner] {
        switch role {
        case .signature: return rule.signatures?.signers ?? []
        case .attestation: return rule.attestations.filter { $0.predicateType == predicateType }.flatMap(\.signers)
        }
    }

    private func prefixed(_ check: CheckResult, _ prefix: String, _ reference: String) -> CheckResult {
        var copy = check
        copy.id = prefix + check.id
        if !copy.evidence.contains(reference) { copy.evidence.insert(reference, at: 0) }
        return copy
    }

    private static func predicateType(_ bundle: SigstoreBundle) -> String? {
        guard case .dsseEnvelope(let envelope) = bundle.content else { return nil }
        return (try? InTotoStatement.parse(envelope.payload))?.predicateType ?? ""
    }
}
