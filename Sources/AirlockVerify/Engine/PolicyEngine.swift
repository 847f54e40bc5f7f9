public import Foundation
import AirlockCrypto
public import AirlockFormats

/// Decides one image under a site policy: select the rule, verify every piece of evidence about the
/// image cryptographically (`SigstoreVerifier`, with cosign layers adapted to bundles), then evaluate
/// the rule's signature threshold and attestation requirements on the verified results only.
///
/// Pure and deterministic: the same policy, trust material, evidence and instant give the same checks,
/// which is what makes verdicts replayable. Evidence that fails verification fails the image (a
/// tampered or broken proof in a release is never ignored); evidence by signers the policy does not
/// list verifies but does not count.
public struct PolicyEngine: Sendable {
    /// The policy.
    public let policy: SitePolicy
    /// Trust material by trust-root name (every name the policy's rules use).
    public let trust: [String: TrustMaterial]
    /// Input limits.
    public let limits: Limits
    /// Held checkpoints, split views and pinned witnesses (empty: no continuity checks, no witnesses pinned).
    public let logs: LogKnowledge

    /// Makes an engine.
    public init(policy: SitePolicy, trust: [String: TrustMaterial], limits: Limits = .default, logs: LogKnowledge = .empty) {
        self.policy = policy
        self.trust = trust
        self.limits = limits
        self.logs = logs
    }

    /// Evaluates `subject` with the evidence linked to it, as of `time`.
    public func evaluate(_ subject: ImageSubject, evidence: [EvidenceInput], at time: Date) -> ImageEvaluation {
        guard let (index, rule) = policy.rule(for: subject) else {
            if subject.isArtifact {
                return ImageEvaluation(rule: nil, checks: [.fail(CheckID.rule, "no artifact rule of policy \"\(policy.name)\" selects \(subject.names.joined(separator: ", ")) (\(subject.digest))")])
            }
            return ImageEvaluation(rule: nil, checks: [.fail(CheckID.rule, "no rule of policy \"\(policy.name)\" selects \(subject.digest) (names: \(subject.names.isEmpty ? "none" : subject.names.joined(separator: ", ")))")])
        }
        var checks: [CheckResult] = [.pass(CheckID.rule, "rule \(index) \"\(rule.name)\" selects the \(subject.isArtifact ? "artifact" : "image")")]
        guard let material = trust[rule.trustRoot] else {
            checks.append(.fail(CheckID.trustRoot, "trust root \"\(rule.trustRoot)\" is not available"))
            return ImageEvaluation(rule: rule.name, checks: checks)
        }
        checks.append(.pass(CheckID.trustRoot, "verifying against trust root \"\(rule.trustRoot)\"", evidence: [ContentDigest.sha256Reference(material.digest)]))
        guard let digest = try? ContentDigest(parsing: subject.digest), digest.algorithm == "sha256", let hex = digest.bytes else {
            checks.append(.fail(CheckID.subject, "image digest \(subject.digest) is not sha256"))
            return ImageEvaluation(rule: rule.name, checks: checks)
        }
        let verifier = EvidenceVerifier(rule: rule, verifier: SigstoreVerifier(trust: material, limits: limits), limits: limits,
                                        imageDigest: subject.digest, artifact: .digest(.sha256, hex), time: time)
        var verified: [VerifiedEvidence] = []
        let inToto: Set<String> = [EvidenceKind.intotoLayout.rawValue, EvidenceKind.intotoLink.rawValue]
        for input in evidence.sorted(by: { ($0.sha256, $0.kind) < ($1.sha256, $1.kind) }) where !inToto.contains(input.kind) {
            // Evidence about an index listing this manifest is verified for the index and counts here
            // (D22); evidence about a platform manifest is `everyPlatform`'s.
            let about = input.aboutDigest.flatMap { subject.indexes.contains($0) ? $0 : nil }
            guard input.aboutDigest == nil || about != nil else { continue }
            let outcome = about.flatMap { evidenceVerifier(rule, material, digest: $0, time: time) }?.verify(input) ?? verifier.verify(input)
            checks += outcome.checks
            if let good = outcome.value { verified.append(good) }
        }
        if rule.requireAllPlatforms && !subject.platforms.isEmpty {
            checks += everyPlatform(subject, rule: rule, material: material, indexEvidence: verified, evidence: evidence, at: time)
        } else {
            if let requirement = rule.signatures {
                checks.append(RequirementEvaluator.signatures(requirement, verified))
            }
            for (j, requirement) in rule.attestations.enumerated() {
                checks += RequirementEvaluator.attestation(requirement, index: j, verified)
            }
        }
        if let layout = rule.layout {
            checks += LayoutEvaluator.evaluate(layout, imageHex: digest.encoded, evidence: evidence.filter { inToto.contains($0.kind) || (layout.linkPredicateType != nil && LayoutLinkAttestations.kinds.contains($0.kind)) },
                                               at: time, limits: limits)
        }
        // Only when the feature applies (a held checkpoint of the log, a rule with witnesses): older verdicts replay unchanged.
        let checkpoints = verified.flatMap(\.checkpoints)
        checks += LogContinuity.checks(checkpoints, knowledge: logs)
        if let witnesses = rule.witnesses {
            checks += witnesses.checks(checkpoints, knowledge: logs, limits: limits)
        }
        return ImageEvaluation(rule: rule.name, checks: checks, checkpoints: checkpoints)
    }
}
