public import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What `airlock approve` is asked to do.
public struct ApproveRequest: Sendable {
    /// The images to approve.
    public var selection: ApprovalSelection
    /// The output directory (must not exist, or be empty).
    public var outputDirectory: URL
    /// The current site policy file (verdicts under any other policy are stale); nil means the policy of
    /// the most recently recorded verdict, as `airlock verify` without `--policy` does.
    public var policyPath: String?
    /// How long the approval admits images (signed into every VSA); nil only for an explicit `--expires never`.
    public var expires: TimeInterval?
    /// Lowercase hex SHA-256 of site policies whose VSAs the generated admission policies accept besides the
    /// current one (`--accept-policy`).
    public var acceptPolicies: [String]
    /// Oldest verdict accepted.
    public var maxVerdictAge: TimeInterval
    /// Who approves (recorded).
    public var approver: String
    /// The approval instant.
    public var now: Date

    /// The default maximum verdict age: seven days.
    public static let defaultMaxVerdictAge: TimeInterval = 7 * 86400
    /// The default validity of an approval: thirty days.
    public static let defaultValidity: TimeInterval = 30 * 86400

    /// Makes a request.
    public init(selection: ApprovalSelection, outputDirectory: URL, policyPath: String?, expires: TimeInterval? = defaultValidity,
                acceptPolicies: [String] = [], maxVerdictAge: TimeInterval = defaultMaxVerdictAge, approver: String = currentUser(),
                now: Date = Date()) {
        self.selection = selection
        self.outputDirectory = outputDirectory
        self.policyPath = policyPath
        self.expires = expires
        self.acceptPolicies = acceptPolicies
        self.maxVerdictAge = maxVerdictAge
        self.approver = approver
        self.now = now
    }

    /// The approver recorded and signed into the manifest: the OS account, with `name` (from `--approver`)
    /// added in front when given — `"Alice Example (account alice)"`.
    public static func approver(name: String?, account: String = currentUser()) -> String {
        guard let name = name?.trimmingCharacters(in: .whitespacesAndNewlines), !name.isEmpty else { return account }
        return "\(name) (account \(account))"
    }

    /// The operator's OS account: the password-database name of the effective user id (never `$USER`,
    /// which any caller can set), else `uid <n>` when the id has no entry.
    public static func currentUser() -> String {
        let uid = geteuid()
        if let entry = getpwuid(uid), let name = entry.pointee.pw_name {
            let text = String(cString: name)
            if !text.isEmpty { return text }
        }
        return "uid \(uid)"
    }
}

/// One approved image.
public struct ApprovedImage: Sendable, Codable, Equatable {
    /// The name it was approved under.
    public var name: String
    /// `sha256:<hex>`.
    public var digest: String
    /// The verdict the approval rests on.
    public var verdictID: String
}

/// What `approve` wrote (also saved as `approval.json` in the output directory).
public struct ApprovalReport: Sendable, Codable, Equatable {
    /// The approval id.
    public var id: String
    /// When (RFC 3339).
    public var createdAt: String
    /// Until when, if it expires (RFC 3339).
    public var expiresAt: String?
    /// Who approved.
    public var approver: String
    /// The VSA `verifier.id`.
    public var applianceID: String
    /// The signing key id.
    public var keyID: String
    /// The policy URI and SHA-256.
    public var policy: CurrentPolicy
    /// The approved images.
    public var images: [ApprovedImage]
    /// Images `--all-passing` skipped, and why.
    public var skipped: [Refusal]
    /// The files written, relative to the output directory.
    public var files: [String]
    /// Image blobs the store did not hold, so the OCI layout lacks them.
    public var missingBlobs: [String]
    /// The output directory.
    public var outputDirectory: String
}

/// The outcome of `approve`: written, or refused with every reason (nothing written).
public enum ApproveOutcome: Sendable, Equatable {
    /// The approval was signed, written and recorded.
    case approved(ApprovalReport)
    /// Nothing was written; each refused image and why.
    case refused([Refusal])
}

/// One approval as `airlock approvals` lists it.
public struct ApprovalSummary: Sendable, Codable, Equatable {
    /// The approval id.
    public var id: String
    /// `active`, `expired` or `revoked`.
    public var status: String
    /// When (RFC 3339).
    public var createdAt: String
    /// Who approved.
    public var approver: String
    /// Until when (RFC 3339), if it expires.
    public var expiresAt: String?
    /// The signing key id.
    public var keyID: String
    /// SHA-256 of the policy.
    public var policySHA256: String
    /// The approved images and their verdicts.
    public var images: [ApprovedImage]
    /// When it was revoked (RFC 3339), by whom and why.
    public var revokedAt: String?
    /// Who revoked it.
    public var revokedBy: String?
    /// Why it was revoked.
    public var revokeReason: String?
    /// Where its files were written.
    public var outputDirectory: String
}

/// What `airlock revoke` did.
public struct RevokeReport: Sendable, Codable, Equatable {
    /// The revoked approval.
    public var id: String
    /// When (RFC 3339).
    public var revokedAt: String
    /// The digests the regenerated allow-list still admits.
    public var allowedDigests: [String]
    /// The digests every regenerated policy now denies.
    public var deniedDigests: [String]
    /// Every policy file rewritten (in the approval's directory, if still there, and in `--out`).
    public var policyFiles: [String]
    /// The policy files to re-apply to the cluster (`kubectl apply -f`): those whose content changed, in
    /// `--out` when given, else in the approval's directory. Apply the ones of the kinds the cluster uses.
    public var reapply: [String]
    /// Per revoked image, the registry clean-up: its cosign `.att` manifest and its OCI 1.1 referrer.
    public var registryCleanup: [RegistryCleanup]
    /// What the registry needs for the clean-up.
    public var registryNote: String
    /// Seconds after the re-applied policies take effect before a revoked digest is refused (`AdmissionCache`).
    public var cacheDelaySeconds: Int
    /// The admission controllers' verification caches, one line per policy kind.
    public var cache: [String]
}

/// The registry clean-up for one image of a revoked approval.
public struct RegistryCleanup: Sendable, Codable, Equatable {
    /// The name the image was approved under.
    public var image: String
    /// Its digest.
    public var digest: String
    /// Its repository in the site registry.
    public var repository: String
    /// The attestation tag (`sha256-<hex>.att`).
    public var attestationTag: String
    /// The `skopeo delete` commands (registry as `$REGISTRY`): the `.att` manifest and the referrer, by digest.
    public var commands: [String]
    /// Anything the commands could not cover (the layout was gone, or another active approval covers the image).
    public var note: String?
}
