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
        let files = try write(AdmissionPolicies.files(inputs), into: directories)
        return RevokeReport(id: record.id, revokedAt: RFC3339.format(instant), allowedDigests: state.active,
                            deniedDigests: state.denied, policyFiles: files)
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
