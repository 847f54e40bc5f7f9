import Foundation
import AirlockAppliance

/// Fixed verification instant for deterministic tests.
let verifiedInstant = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01T00:00:00Z

/// A thirty-day window from the verification instant, for statements signed outside `approve`.
let sampleValidity = ApprovalValidity(approvalID: "0123456789abcdef", validFrom: verifiedInstant,
                                      validUntil: verifiedInstant.addingTimeInterval(30 * 86400))

/// The policy every sample candidate was decided under.
let samplePolicy = CurrentPolicy(uri: "urn:airlock:policy:site", sha256: String(repeating: "ab", count: 32))

/// A candidate for an image named `name` with digest byte `byte`.
func sampleCandidate(_ name: String, byte: String, passed: Bool = true, policy: CurrentPolicy = samplePolicy,
                     at: Date = verifiedInstant) -> ApprovalCandidate {
    ApprovalCandidate(imageName: name, imageDigest: "sha256:" + String(repeating: byte, count: 32),
                      verdictID: String(repeating: "0" + byte.prefix(1), count: 32), verdictPassed: passed,
                      policyURI: policy.uri, policyDigest: policy.sha256, verifiedAt: at,
                      evidence: [EvidenceDigest(uri: "urn:airlock:evidence:sigstore-bundle", sha256: String(repeating: "e" + byte.prefix(1), count: 32))],
                      verifiedLevels: ["SLSA_BUILD_LEVEL_3"], firstFailure: passed ? nil : "slsa.builder: builder id does not match")
}
