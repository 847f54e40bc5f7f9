import Foundation
import AirlockCrypto
import AirlockFormats

extension PolicyEngine {
    /// A verifier of evidence about another digest (an index of the subject, or one of its platforms).
    func evidenceVerifier(_ rule: PolicyRule, _ material: TrustMaterial, digest: String, time: Date) -> EvidenceVerifier? {
        guard let parsed = try? ContentDigest(parsing: digest), parsed.algorithm == "sha256", let hex = parsed.bytes else { return nil }
        return EvidenceVerifier(rule: rule, verifier: SigstoreVerifier(trust: material, limits: limits), limits: limits,
                                imageDigest: digest, artifact: .digest(.sha256, hex), time: time)
    }

    /// `platforms: all` (D22): the rule's signature and attestation requirements are evaluated once
    /// per platform manifest of the index, on the index's verified evidence (which applies to every platform)
    /// plus the platform's own, verified against the platform's digest. Checks are prefixed
    /// `platform[<os/arch>].`; a final `platforms` check passes only when every platform held.
    func everyPlatform(_ subject: ImageSubject, rule: PolicyRule, material: TrustMaterial, indexEvidence: [VerifiedEvidence],
                       evidence: [EvidenceInput], at time: Date) -> [CheckResult] {
        var checks: [CheckResult] = []
        var failing: [String] = []
        for platform in subject.platforms {
            let prefix = "platform[\(platform.platform)]."
            var own: [CheckResult] = []
            var verified = indexEvidence
            if let digest = try? ContentDigest(parsing: platform.digest), digest.algorithm == "sha256", let hex = digest.bytes {
                let verifier = EvidenceVerifier(rule: rule, verifier: SigstoreVerifier(trust: material, limits: limits), limits: limits,
                                                imageDigest: platform.digest, artifact: .digest(.sha256, hex), time: time)
                for input in evidence.sorted(by: { ($0.sha256, $0.kind) < ($1.sha256, $1.kind) }) where input.aboutDigest == platform.digest {
                    let outcome = verifier.verify(input)
                    own += outcome.checks
                    if let good = outcome.value { verified.append(good) }
                }
            } else {
                own.append(.fail(CheckID.subject, "platform manifest digest \(platform.digest) is not sha256"))
            }
            if let requirement = rule.signatures {
                own.append(RequirementEvaluator.signatures(requirement, verified))
            }
            for (j, requirement) in rule.attestations.enumerated() {
                own += RequirementEvaluator.attestation(requirement, index: j, verified)
            }
            if !own.allHeld { failing.append(platform.platform) }
            checks += own.map { CheckResult(prefix + $0.id, $0.status, $0.message, evidence: $0.evidence) }
        }
        let total = subject.platforms.count
        if failing.isEmpty {
            checks.append(.pass(CheckID.platforms, "all \(total) platform manifest(s) pass: \(subject.platforms.map(\.platform).joined(separator: ", "))"))
        } else {
            checks.append(.fail(CheckID.platforms, "\(failing.count) of \(total) platform manifest(s) fail: \(failing.joined(separator: ", "))"))
        }
        return checks
    }
}
