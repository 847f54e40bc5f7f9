import AirlockCrypto
import AirlockFormats

/// Evaluates a rule's signature threshold and attestation requirements on verified evidence only.
enum RequirementEvaluator {
    /// `signatures`: at least `threshold` distinct listed signers have a verified image signature.
    static func signatures(_ requirement: SignatureRequirement, _ verified: [VerifiedEvidence]) -> CheckResult {
        var matched: [Int: [String]] = [:]
        var unlisted: [String] = []
        for evidence in verified where evidence.role == .signature {
            let indices = matchingSigners(requirement.signers, evidence)
            if indices.isEmpty { unlisted.append(describe(evidence)) }
            for i in indices { matched[i, default: []].append("sha256:\(evidence.sha256)") }
        }
        let used = matched.keys.sorted()
        let evidence = Array(Set(matched.values.flatMap { $0 })).sorted()
        let names = used.map { requirement.signers[$0].label }
        if used.count >= requirement.threshold {
            return .pass("signatures", "\(used.count) distinct listed signer(s) verified, \(requirement.threshold) required: \(names.joined(separator: "; "))",
                         evidence: evidence)
        }
        let others = unlisted.isEmpty ? "" : "; verified signatures by unlisted signers: \(Array(Set(unlisted)).sorted().joined(separator: "; "))"
        return .fail("signatures", "\(used.count) of \(requirement.threshold) required distinct listed signers verified\(others)", evidence: evidence)
    }

    /// One attestation requirement: some verified attestation of the predicate type, signed by a listed
    /// signer, meets every condition. Only the satisfying attestation's checks are reported when one
    /// exists; otherwise every candidate's checks are, so the verdict says why each fell short.
    static func attestation(_ requirement: AttestationRequirement, index: Int, _ verified: [VerifiedEvidence]) -> [CheckResult] {
        let id = "attestation[\(index)]"
        let candidates = verified.filter { $0.role == .attestation && $0.statement?.predicateType == requirement.predicateType }
        guard !candidates.isEmpty else {
            return [.fail(id, "no verified attestation of type \(requirement.predicateType) for the image")]
        }
        var all: [CheckResult] = []
        for candidate in candidates {
            let checks = candidateChecks(requirement, candidate, prefix: "\(id).\(candidate.label).")
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
            ? .fail("\(prefix)signer", "signed by \(describe(candidate)), who is not a listed signer for \(requirement.predicateType)", evidence: reference)
            : .pass("\(prefix)signer", "signed by listed signer \(requirement.signers[signers[0]].label)", evidence: reference))
        guard let statement = candidate.statement else { return checks }
        if let slsa = requirement.slsa {
            checks += SLSAEvaluator.evaluate(slsa, predicateType: statement.predicateType, predicate: statement.predicate,
                                             certificateExtensions: candidate.signer?.extensions ?? [:], prefix: prefix)
                .map { var c = $0; c.evidence = reference + c.evidence; return c }
        }
        for (k, condition) in requirement.conditions.enumerated() {
            var check = condition.evaluate(on: statement.predicate, id: "\(prefix)condition[\(k)]")
            check.evidence = reference
            checks.append(check)
        }
        return checks
    }

    /// Indices of the listed signers that `evidence` was verifiably signed by.
    private static func matchingSigners(_ signers: [PolicySigner], _ evidence: VerifiedEvidence) -> [Int] {
        signers.indices.filter { i in
            switch signers[i].kind {
            case .key(let key):
                return evidence.keySPKI == Hex.encode(Digest.sha256(key.spkiDER))
            case .keyless(let identity):
                guard evidence.keySPKI == nil, let signer = evidence.signer, signer.certificateSHA256 != nil,
                      let san = signer.subjectAlternativeName else { return false }
                return identity.subjectAlternativeName.matches(san) && identity.issuer.matches(signer.issuer ?? "")
            }
        }
    }

    private static func describe(_ evidence: VerifiedEvidence) -> String {
        if let spki = evidence.keySPKI { return "key \(spki.prefix(16))…" }
        return "SAN \(evidence.signer?.subjectAlternativeName ?? "(none)") issuer \(evidence.signer?.issuer ?? "(none)")"
    }
}
