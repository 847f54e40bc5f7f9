import AirlockCrypto
import AirlockFormats

/// Evaluates a rule's signature threshold and attestation requirements on verified evidence only.
enum RequirementEvaluator {
    /// `signatures`: at least `threshold` distinct listed signers each have a verified image signature of
    /// their own. Signatures are grouped by signing identity (the key, or the certificate), and each
    /// identity counts toward at most one signer through a maximum matching, so one signature never meets
    /// a threshold of two however the policy lists its signer.
    static func signatures(_ requirement: SignatureRequirement, _ verified: [VerifiedEvidence]) -> CheckResult {
        var identities: [String] = []
        var edges: [[Int]] = []
        var evidence: Set<String> = []
        var unlisted: [String] = []
        for item in verified where item.role == .signature {
            let indices = matchingSigners(requirement.signers, item)
            if indices.isEmpty { unlisted.append(describe(item) + extensionMismatches(requirement.signers, item)); continue }
            evidence.insert("sha256:\(item.sha256)")
            let identity = signingIdentity(item)
            if let known = identities.firstIndex(of: identity) {
                edges[known] = Array(Set(edges[known] + indices)).sorted()
            } else {
                identities.append(identity)
                edges.append(indices)
            }
        }
        let used = SignerMatching.maximum(edges).keys.sorted()
        let names = used.map { requirement.signers[$0].label }
        let listed = evidence.sorted()
        if used.count >= requirement.threshold {
            return .pass(CheckID.signatures, "\(used.count) distinct listed signer(s) verified, \(requirement.threshold) required: \(names.joined(separator: "; "))",
                         evidence: listed)
        }
        let others = unlisted.isEmpty ? "" : "; verified signatures by unlisted signers: \(Array(Set(unlisted)).sorted().joined(separator: "; "))"
        let shared = edges.contains { $0.count > 1 }
            ? " (\(identities.count) distinct signing key(s) or certificate(s) matched listed signers; each counts toward one signer only)" : ""
        return .fail(CheckID.signatures, "\(used.count) of \(requirement.threshold) required distinct listed signers verified\(shared)\(others)",
                     evidence: listed)
    }

    /// What makes two signatures the same signer: the pinned key's SPKI digest, else the certificate's digest.
    private static func signingIdentity(_ evidence: VerifiedEvidence) -> String {
        if let spki = evidence.keySPKI { return "key:\(spki)" }
        return "cert:\(evidence.signer?.certificateSHA256 ?? evidence.sha256)"
    }

    /// One attestation requirement: some verified attestation of the predicate type, signed by a listed
    /// signer, meets every condition. Only the satisfying attestation's checks are reported when one
    /// exists; otherwise every candidate's checks are, so the verdict says why each fell short.
    static func attestation(_ requirement: AttestationRequirement, index: Int, _ verified: [VerifiedEvidence]) -> [CheckResult] {
        let id = CheckID.attestation(index)
        let candidates = verified.filter { $0.role == .attestation && $0.statement?.predicateType == requirement.predicateType }
        guard !candidates.isEmpty else {
            return [.fail(id, "no verified attestation of type \(requirement.predicateType) for the image")]
        }
        var all: [CheckResult] = []
        for candidate in candidates {
            let checks = candidateChecks(requirement, candidate, prefix: CheckID.attestationCandidatePrefix(index, candidate: candidate.label))
            if checks.allHeld {
                return checks + [.pass(id, "\(requirement.predicateType) requirement met by \(candidate.label)", evidence: ["sha256:\(candidate.sha256)"])]
            }
            all += checks
        }
        return all + [.fail(id, "none of \(candidates.count) verified \(requirement.predicateType) attestation(s) meets the requirement",
                            evidence: candidates.map { "sha256:\($0.sha256)" })]
    }

    private static func candidateChecks(_ requirement: AttestationRequirement, _ candidate: VerifiedEvidence, prefix: String) -> [CheckResult] {
        let reference = ["sha256:\(candidate.sha256)"]
        var checks: [CheckResult] = []
        let signers = matchingSigners(requirement.signers, candidate)
        checks.append(signers.isEmpty
            ? .fail(prefix + CheckID.signer, "signed by \(describe(candidate)), who is not a listed signer for \(requirement.predicateType)"
                    + extensionMismatches(requirement.signers, candidate), evidence: reference)
            : .pass(prefix + CheckID.signer, "signed by listed signer \(requirement.signers[signers[0]].label)", evidence: reference))
        guard let statement = candidate.statement else { return checks }
        if let slsa = requirement.slsa {
            checks += SLSAEvaluator.evaluate(slsa, predicateType: statement.predicateType, predicate: statement.predicate,
                                             certificateExtensions: candidate.signer?.extensions ?? [:], prefix: prefix)
                .map { var c = $0; c.evidence = reference + c.evidence; return c }
        }
        for (k, condition) in requirement.conditions.enumerated() {
            var check = condition.evaluate(on: statement.predicate, id: CheckID.condition(k, prefix: prefix))
            check.evidence = reference
            checks.append(check)
        }
        return checks
    }

    /// Indices of the listed signers that `evidence` was verifiably signed by (keyless ones through the
    /// one `CertificateIdentityMatcher`, SAN, issuer and Fulcio extensions alike).
    private static func matchingSigners(_ signers: [PolicySigner], _ evidence: VerifiedEvidence) -> [Int] {
        signers.indices.filter { i in
            switch signers[i].kind {
            case .key(let key):
                return evidence.keySPKI == Hex.encode(Digest.sha256(key.spkiDER))
            case .keyless(let identity):
                guard evidence.keySPKI == nil, let signer = evidence.signer, signer.certificateSHA256 != nil else { return false }
                return CertificateIdentityMatcher.mismatch(identity, signer) == nil
            }
        }
    }

    /// Why listed keyless signers whose SAN and issuer match did not match on a required Fulcio
    /// extension, as `; …` (empty when none did, so messages without extension rules never change).
    private static func extensionMismatches(_ signers: [PolicySigner], _ evidence: VerifiedEvidence) -> String {
        guard evidence.keySPKI == nil, let signer = evidence.signer else { return "" }
        let reasons = signers.compactMap { listed -> String? in
            guard case .keyless(let identity) = listed.kind, !identity.extensions.isEmpty else { return nil }
            var bare = identity
            bare.extensions = [:]
            guard CertificateIdentityMatcher.mismatch(bare, signer) == nil else { return nil }
            return CertificateIdentityMatcher.mismatch(identity, signer).map { "\(listed.label): \($0)" }
        }
        return reasons.isEmpty ? "" : " (\(reasons.joined(separator: "; ")))"
    }

    private static func describe(_ evidence: VerifiedEvidence) -> String {
        if let spki = evidence.keySPKI { return "key \(spki.prefix(16))…" }
        return "SAN \(evidence.signer?.subjectAlternativeName ?? "(none)") issuer \(evidence.signer?.issuer ?? "(none)")"
    }
}
