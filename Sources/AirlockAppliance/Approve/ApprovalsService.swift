public import Foundation
import AirlockFormats
import AirlockStore
public import AirlockVerify

/// Lists, revokes and checks recorded approvals, and regenerates the digest allow-list.
public struct ApprovalsService: Sendable {
    /// The state directory.
    public let stateDirectory: URL

    /// Makes the service.
    public init(stateDirectory: URL) {
        self.stateDirectory = stateDirectory
    }

    /// Every approval, oldest first, with its status at `now`.
    public func list(now: Date = Date()) throws(ApplianceError) -> [ApprovalSummary] {
        let store = try openStore(stateDirectory, mode: .existing)
        let revocations = try storeCall { try store.catalogue.revocations() }
        var out: [ApprovalSummary] = []
        for record in try storeCall({ try store.catalogue.approvals() }) {
            let images = try storeCall { try store.catalogue.approvalImages(approvalID: record.id) }
            let revocation = revocations[record.id]
            let status = revocation != nil ? "revoked" : (record.expiresAt.map { $0 <= now } == true ? "expired" : "active")
            out.append(ApprovalSummary(
                id: record.id, status: status, createdAt: RFC3339.format(record.createdAt), approver: record.approver,
                expiresAt: record.expiresAt.map { RFC3339.format($0) }, keyID: record.keyID, policySHA256: record.policySHA256,
                images: images.map { ApprovedImage(name: $0.name, digest: $0.digest, verdictID: $0.verdictID) },
                revokedAt: revocation.map { RFC3339.format($0.revokedAt) }, revokedBy: revocation?.revokedBy,
                revokeReason: revocation?.reason, outputDirectory: record.outputDirectory))
        }
        return out
    }

    /// Revokes an approval (id or unambiguous prefix) and regenerates every admission policy — each now
    /// denies the revoked digests — in its output directory (if it is still there) and in `extraDirectory`.
    public func revoke(_ id: String, reason: String, by revoker: String = ApproveRequest.currentUser(), now: Date = Date(),
                       extraDirectory: URL? = nil) throws(ApplianceError) -> RevokeReport {
        guard !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw ApplianceError(.badInput, "a revocation needs a reason", field: "--reason")
        }
        let store = try openStore(stateDirectory, mode: .existing)
        try requireIntactDecisionLog(store, stateDirectory)
        guard let record = try storeCall({ try store.catalogue.approval(matching: id) }) else {
            throw ApplianceError(.badInput, "no approval matches \"\(id)\" (or the prefix is ambiguous)", code: "unknown-approval", field: "approval")
        }
        let instant = Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down))
        let revoked = try storeCall {
            try store.catalogue.revoke(ApprovalRevocationRecord(approvalID: record.id, revokedAt: instant, revokedBy: revoker, reason: reason))
        }
        guard revoked else { throw ApplianceError(.badInput, "approval \(record.id) is already revoked", code: "already-revoked", field: "approval") }
        try signDecisionLog(store, stateDirectory)
        // The approval's own directory is rewritten only if it is still there; the extra one always.
        var directories = [(URL(fileURLWithPath: record.outputDirectory, isDirectory: true), false)]
        if let extraDirectory { directories.append((extraDirectory, true)) }
        let state = try AdmissionState.read(store, at: instant)
        let ring = try ApplianceKeys(stateDirectory: stateDirectory).load()
        // The regenerated policies accept the site policies of the approvals still active (none: admit nothing).
        let inputs = AdmissionInputs(applianceID: ring.applianceID, publicKeysPEM: ring.trustedPublicKeysPEM,
                                     allowedDigests: state.active, acceptedPolicyDigests: state.activePolicies,
                                     deniedDigests: state.denied)
        let policies = try AdmissionPolicies.files(inputs)
        // What the cluster runs is what the approval's directory held: re-apply the files that differ from it.
        let before = policies.map { try? Data(contentsOf: directories[0].0.appendingPathComponent("policies/\($0.fileName)")) }
        let changed = Set(zip(policies, before).filter { $1 != Data($0.yaml.utf8) }.map(\.0.fileName))
        let written = try write(policies, into: directories)
        let primary = (extraDirectory ?? directories[0].0).standardizedFileURL.path
        let reapply = written.filter {
            let url = URL(fileURLWithPath: $0)
            return changed.contains(url.lastPathComponent) && url.deletingLastPathComponent().deletingLastPathComponent().standardizedFileURL.path == primary
        }
        let images = try storeCall { try store.catalogue.approvalImages(approvalID: record.id) }
        let cleanup = Self.cleanup(images.map { ApprovedImage(name: $0.name, digest: $0.digest, verdictID: $0.verdictID) },
                                   layout: RegistryCopy.plan(layout: directories[0].0.appendingPathComponent("oci")), stillActive: state.active)
        return RevokeReport(id: record.id, revokedAt: RFC3339.format(instant), allowedDigests: state.active,
                            deniedDigests: state.denied, policyFiles: written, reapply: reapply, registryCleanup: cleanup,
                            registryNote: Self.registryNote, cacheDelaySeconds: AdmissionCache.revocationDelaySeconds, cache: AdmissionCache.lines)
    }

    /// What a registry needs before `skopeo delete` works.
    static let registryNote = "deletion must be enabled in the registry (CNCF distribution: storage.delete.enabled: true); "
        + "`registry garbage-collect` then frees the blobs"

    /// The clean-up of each revoked image: its `.att` manifest and referrer by digest from the approval's
    /// layout, or the `.att` tag alone when the layout is gone.
    static func cleanup(_ images: [ApprovedImage], layout: [RegistryCopy]?, stillActive: [String]) -> [RegistryCleanup] {
        images.map { image in
            let hex = image.digest.dropFirst("sha256:".count)
            let attTag = "sha256-\(hex).att"
            var note: String?
            let commands: [String]
            let repository: String
            if let layout {
                let attached = layout.filter { $0.imageDigest == image.digest && $0.kind != .image }
                repository = attached.first?.repository ?? RegistryCopy.repository(of: image.name)
                commands = attached.map(\.deleteCommand)
            } else {
                repository = RegistryCopy.repository(of: image.name)
                commands = ["skopeo delete \"docker://${REGISTRY}/\(repository):\(attTag)\""]
                note = "the approval's oci/ layout is gone, so the referrer's digest is unknown: list the image's referrers "
                    + "(GET /v2/\(repository)/referrers/\(image.digest)) and delete the one with artifactType application/vnd.dev.sigstore.bundle.v0.3+json"
            }
            if stillActive.contains(image.digest) {
                note = [note, "another active approval still covers this image: after the clean-up, copy that approval's .att again"]
                    .compactMap { $0 }.joined(separator: "; ")
            }
            return RegistryCleanup(image: image.name, digest: image.digest, repository: repository, attestationTag: attTag,
                                   commands: commands, note: note)
        }
    }

    /// Writes the current digest allow-list (active approvals at `now`) into `directory/policies/`.
    public func writeAllowList(into directory: URL, now: Date = Date()) throws(ApplianceError) -> (digests: [String], file: String) {
        let store = try openStore(stateDirectory, mode: .existing)
        let digests = try storeCall { try store.catalogue.activeApprovedDigests(at: now) }
        let files = try write([AdmissionPolicies.allowListFile(digests)], into: [(directory, true)])
        return (digests, files.first ?? "")
    }

    /// Checks a signed approval file against every key the appliance ever had, then against the catalogue:
    /// signed by a key not distrusted, not inside an uncommitted staging directory, recorded, not revoked, and
    /// `now` inside its signed window.
    public func verify(file: String, now: Date = Date()) throws(ApplianceError) -> ApprovalCheck {
        let signed = try ApplianceKeys(stateDirectory: stateDirectory).verifyApproval(readLimitedFile(file, limit: Limits.default.maxJSONBytes))
        guard signed.valid else { return signed }
        var check = signed
        check.checks += try ApprovalStanding(stateDirectory: stateDirectory).checks(file: file, keyID: signed.keyID, predicate: signed.predicate, now: now)
        return check
    }

    /// Writes each policy under `directory/policies/` (a directory flagged false is skipped when absent);
    /// returns every path written.
    private func write(_ policies: [AdmissionPolicyFile], into directories: [(URL, Bool)]) throws(ApplianceError) -> [String] {
        var written: [String] = []
        for (directory, required) in directories {
            guard required || FileManager.default.fileExists(atPath: directory.path) else { continue }
            for file in policies {
                let target = directory.appendingPathComponent("policies/\(file.fileName)")
                do {
                    try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                    try Data(file.yaml.utf8).write(to: target, options: .atomic)
                    written.append(target.path)
                } catch {
                    throw ApplianceError(.internalError, "cannot write \(file.fileName): \(error.localizedDescription)", file: target.path)
                }
            }
        }
        return written
    }
}
