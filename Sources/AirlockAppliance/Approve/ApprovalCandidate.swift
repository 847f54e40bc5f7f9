public import Foundation

/// What `approve` needs to know about one image's latest verdict; produced by a `VerdictSource`.
public struct ApprovalCandidate: Sendable, Codable, Equatable {
    /// The name the image was imported under (e.g. `registry.example/app:1.2`), or its digest when unnamed.
    public var imageName: String
    /// `sha256:<64 lowercase hex>` of the image manifest (or index).
    public var imageDigest: String
    /// The verdict id.
    public var verdictID: String
    /// Whether the verdict was PASS.
    public var verdictPassed: Bool
    /// A URI naming the policy the verdict was decided under.
    public var policyURI: String
    /// Lowercase hex SHA-256 of that policy's bytes.
    public var policyDigest: String
    /// The verification instant.
    public var verifiedAt: Date
    /// Every piece of evidence the verdict used.
    public var evidence: [EvidenceDigest]
    /// Levels or properties the verdict established (e.g. `SLSA_BUILD_LEVEL_3`).
    public var verifiedLevels: [String]
    /// The first failed check of a failing verdict (`id: message`).
    public var firstFailure: String?

    /// Makes a candidate.
    public init(imageName: String, imageDigest: String, verdictID: String, verdictPassed: Bool, policyURI: String,
                policyDigest: String, verifiedAt: Date, evidence: [EvidenceDigest], verifiedLevels: [String], firstFailure: String?) {
        self.imageName = imageName
        self.imageDigest = imageDigest
        self.verdictID = verdictID
        self.verdictPassed = verdictPassed
        self.policyURI = policyURI
        self.policyDigest = policyDigest
        self.verifiedAt = verifiedAt
        self.evidence = evidence
        self.verifiedLevels = verifiedLevels
        self.firstFailure = firstFailure
    }

    /// The hex part of `imageDigest`.
    var digestHex: String { String(imageDigest.dropFirst("sha256:".count)) }
}

/// One piece of evidence, as a VSA `inputAttestations` entry.
public struct EvidenceDigest: Sendable, Codable, Equatable, Hashable {
    /// Where or what the evidence is (e.g. `urn:airlock:evidence:sigstore-bundle`).
    public var uri: String
    /// Lowercase hex SHA-256 of the evidence bytes.
    public var sha256: String

    /// Makes an entry.
    public init(uri: String, sha256: String) {
        self.uri = uri
        self.sha256 = sha256
    }
}

/// The policy approvals are decided against: a verdict under any other policy is stale.
public struct CurrentPolicy: Sendable, Codable, Equatable {
    /// The policy URI written into VSAs.
    public var uri: String
    /// Lowercase hex SHA-256 of the policy bytes.
    public var sha256: String

    /// Makes a reference.
    public init(uri: String, sha256: String) {
        self.uri = uri
        self.sha256 = sha256
    }
}
