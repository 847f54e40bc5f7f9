import Foundation
public import AirlockFormats

/// Builds the in-toto Statements `approve` signs: one manifest over every approved image and one VSA
/// per image, all with a SLSA Verification Summary v1 predicate (docs/formats.md §7.4).
public enum ApprovalStatements {
    /// The version map written as `verifier.version`.
    public static let verifierVersion = ["airlock": AirlockVersion.current]

    /// The approval manifest: every image as a subject; `resourceUri` names the approval; the evidence
    /// is the union of every image's; `timeVerified` is the oldest verification; `verifiedLevels` are
    /// those every image reached.
    /// The validity window is signed into the predicate (`ApprovalValidity`), and so is the approver (an
    /// extra predicate member, `approverField`; the VSA members the admission policies check are unchanged).
    public static func manifest(validity: ApprovalValidity, applianceID: String, policy: CurrentPolicy,
                                candidates: [ApprovalCandidate], approver: String? = nil) -> InTotoStatement {
        let approvalID = validity.approvalID
        var evidence: [EvidenceDigest] = []
        var seen = Set<EvidenceDigest>()
        for item in candidates.flatMap(\.evidence) where seen.insert(item).inserted { evidence.append(item) }
        var levels = candidates.first?.verifiedLevels ?? []
        for candidate in candidates.dropFirst() { levels = levels.filter(candidate.verifiedLevels.contains) }
        let summary = VerificationSummaryV1(
            verifier: applianceID, verifierVersion: verifierVersion,
            timeVerified: candidates.map(\.verifiedAt).min(), resourceURI: "urn:airlock:approval:\(approvalID)",
            policyURI: policy.uri, policyDigest: ["sha256": policy.sha256],
            inputAttestations: evidence.map(descriptor), verificationResult: "PASSED", verifiedLevels: levels)
        var predicate = validity.stamp(summary.jsonValue)
        if let approver, case .object(var object) = predicate {
            object[approverField] = .string(approver)
            predicate = .object(object)
        }
        return InTotoStatement.v1(subjects: candidates.map(subject), predicateType: VerificationSummaryV1.predicateType,
                                  predicate: predicate)
    }

    /// The manifest predicate member naming who approved (extra members are allowed by the VSA specification).
    public static let approverField = "approver"

    /// The VSA for one image: a single subject, `resourceUri` = the image reference pinned by digest, and
    /// the approval's validity window signed into the predicate.
    public static func imageVSA(validity: ApprovalValidity, applianceID: String, policy: CurrentPolicy,
                                candidate: ApprovalCandidate) -> InTotoStatement {
        let summary = VerificationSummaryV1(
            verifier: applianceID, verifierVersion: verifierVersion, timeVerified: candidate.verifiedAt,
            resourceURI: resourceURI(candidate), policyURI: policy.uri, policyDigest: ["sha256": policy.sha256],
            inputAttestations: candidate.evidence.map(descriptor), verificationResult: "PASSED",
            verifiedLevels: candidate.verifiedLevels)
        return InTotoStatement.v1(subjects: [subject(candidate)], predicateType: VerificationSummaryV1.predicateType,
                                  predicate: validity.stamp(summary.jsonValue))
    }

    /// `name@sha256:…` (any tag dropped), or the digest URN for an unnamed image.
    public static func resourceURI(_ candidate: ApprovalCandidate) -> String {
        let repository = repositoryName(candidate.imageName)
        return repository.isEmpty || candidate.imageName == candidate.imageDigest
            ? "urn:airlock:image:\(candidate.imageDigest)" : "\(repository)@\(candidate.imageDigest)"
    }

    /// The repository part of an image reference: no `@digest`, no `:tag` (a port's colon is kept).
    public static func repositoryName(_ reference: String) -> String {
        var name = reference.split(separator: "@", maxSplits: 1).first.map(String.init) ?? ""
        if let colon = name.lastIndex(of: ":"), !name[colon...].contains("/") { name = String(name[..<colon]) }
        return name
    }

    private static func subject(_ candidate: ApprovalCandidate) -> ResourceDescriptor {
        ResourceDescriptor(name: candidate.imageName, uri: nil, digest: ["sha256": candidate.digestHex])
    }

    private static func descriptor(_ evidence: EvidenceDigest) -> ResourceDescriptor {
        ResourceDescriptor(name: nil, uri: evidence.uri, digest: ["sha256": evidence.sha256])
    }
}
