public import Foundation

/// One signed approval (table `approvals`): append-only.
public struct ApprovalRecord: Codable, Sendable, Hashable {
    /// The approval id (16 hex digits).
    public var id: String
    /// When it was made.
    public var createdAt: Date
    /// Who made it (the operator's account name).
    public var approver: String
    /// The appliance id written as VSA `verifier.id`.
    public var applianceID: String
    /// The signing key id.
    public var keyID: String
    /// The policy URI.
    public var policyURI: String
    /// SHA-256 (hex) of the policy the verdicts were decided under.
    public var policySHA256: String
    /// When it stops admitting images, if ever.
    public var expiresAt: Date?
    /// Where its files were written.
    public var outputDirectory: String
    /// The signed manifest (DSSE envelope JSON).
    public var manifest: Data

    enum CodingKeys: String, CodingKey {
        case id, approver, manifest
        case createdAt = "created_at"
        case applianceID = "appliance_id"
        case keyID = "key_id"
        case policyURI = "policy_uri"
        case policySHA256 = "policy_sha256"
        case expiresAt = "expires_at"
        case outputDirectory = "output_directory"
    }

    /// Makes a record.
    public init(id: String, createdAt: Date, approver: String, applianceID: String, keyID: String, policyURI: String,
                policySHA256: String, expiresAt: Date?, outputDirectory: String, manifest: Data) {
        self.id = id
        self.createdAt = createdAt
        self.approver = approver
        self.applianceID = applianceID
        self.keyID = keyID
        self.policyURI = policyURI
        self.policySHA256 = policySHA256
        self.expiresAt = expiresAt
        self.outputDirectory = outputDirectory
        self.manifest = manifest
    }
}

/// One image an approval covers (table `approval_images`), with the verdict it rests on.
public struct ApprovalImageRecord: Codable, Sendable, Hashable {
    /// The approval.
    public var approvalID: String
    /// Position in the manifest's subject list.
    public var position: Int
    /// `sha256:<hex>` of the image.
    public var digest: String
    /// The name the image was approved under.
    public var name: String
    /// The verdict the approval rests on.
    public var verdictID: String

    enum CodingKeys: String, CodingKey {
        case position, digest, name
        case approvalID = "approval_id"
        case verdictID = "verdict_id"
    }

    /// Makes a record.
    public init(approvalID: String, position: Int, digest: String, name: String, verdictID: String) {
        self.approvalID = approvalID
        self.position = position
        self.digest = digest
        self.name = name
        self.verdictID = verdictID
    }
}

/// The revocation of an approval (table `approval_revocations`): at most one per approval.
public struct ApprovalRevocationRecord: Codable, Sendable, Hashable {
    /// The revoked approval.
    public var approvalID: String
    /// When.
    public var revokedAt: Date
    /// By whom.
    public var revokedBy: String
    /// Why.
    public var reason: String

    enum CodingKeys: String, CodingKey {
        case reason
        case approvalID = "approval_id"
        case revokedAt = "revoked_at"
        case revokedBy = "revoked_by"
    }

    /// Makes a record.
    public init(approvalID: String, revokedAt: Date, revokedBy: String, reason: String) {
        self.approvalID = approvalID
        self.revokedAt = revokedAt
        self.revokedBy = revokedBy
        self.reason = reason
    }
}
