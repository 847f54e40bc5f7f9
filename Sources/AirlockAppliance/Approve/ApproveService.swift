public import Foundation
import AirlockCrypto
public import AirlockFormats
import AirlockStore
import AirlockVerify

/// The approve use case: check every selected image's latest verdict, then sign and write the approval
/// manifest, one VSA per image, the admission policies, an OCI layout with the VSAs attached and a
/// README, and record the approval. All or nothing: a refusal writes nothing.
public struct ApproveService: Sendable {
    /// The state directory.
    public let stateDirectory: URL
    /// Input limits.
    public let limits: Limits

    /// Makes the service.
    public init(stateDirectory: URL, limits: Limits = .default) {
        self.stateDirectory = stateDirectory
        self.limits = limits
    }

    /// Approves from the verdicts recorded in the state directory, under the policy file of the request
    /// (or, without one, the policy of the most recently recorded verdict).
    public func approve(_ request: ApproveRequest) throws(ApplianceError) -> ApproveOutcome {
        let source = try StoreVerdictSource(stateDirectory: stateDirectory, limits: limits)
        let policy: CurrentPolicy
        if let path = request.policyPath {
            let loaded = try LoadedPolicy.load(path: path, limits: limits, stateDirectory: stateDirectory)
            policy = CurrentPolicy(uri: StoreVerdictSource.policyURI(name: loaded.policy.name), sha256: loaded.sha256)
        } else {
            guard let recorded = try source.latestPolicy() else {
                throw ApplianceError(.badInput, "no policy given and no verdict recorded yet: run airlock verify, or pass --policy FILE", field: "policy")
            }
            policy = recorded
        }
        return try approve(request, policy: policy, source: source)
    }

    /// Approves from any verdict source (the store-backed one, or an in-memory one in tests). Before anything
    /// is signed: the catalogue passes `PRAGMA quick_check` and every candidate verdict replays identically.
    /// Files are signed and written into a staging directory beside the output, the approval is recorded,
    /// then the staging directory is renamed into place.
    public func approve(_ request: ApproveRequest, policy: CurrentPolicy, source: any VerdictSource) throws(ApplianceError) -> ApproveOutcome {
        let now = Date(timeIntervalSince1970: request.now.timeIntervalSince1970.rounded(.down))
        let plan = try ApprovalPlanner(policy: policy, now: now, maxVerdictAge: request.maxVerdictAge).plan(request.selection, source: source)
        // A reference to an image that was never imported is bad input, as in every other command.
        if let unknown = plan.refusals.first(where: { ["unknown-image", "ambiguous-name"].contains($0.code) }) {
            throw ApplianceError(.badInput, "\(unknown.image): \(unknown.reason)", code: unknown.code, field: "image")
        }
        guard plan.mayProceed(request.selection) else {
            return .refused(plan.refusals.isEmpty
                ? [Refusal(image: "*", digest: nil, code: "not-verified", reason: "no image has a verdict; run airlock verify")]
                : plan.refusals)
        }
        let store = try openStore(stateDirectory, mode: .existing)
        if let damage = try Self.databaseDamage(store) { return .refused([damage]) }
        try requireIntactDecisionLog(store, stateDirectory)
        // A verdict that does not replay is never signed, even with --all-passing: it is forged or its
        // evidence changed, and the approval as a whole is refused.
        let unreproducible = try Self.unreproducible(plan.approved, source: source)
        guard unreproducible.isEmpty else { return .refused(unreproducible) }
        let keys = ApplianceKeys(stateDirectory: stateDirectory)
        let ring = try keys.load()
        let signer = try ApprovalSigner(keys: keys)
        let id = Self.approvalID(plan.approved, at: now)
        let validity = ApprovalValidity(approvalID: id, validFrom: now, validUntil: request.expires.map { now.addingTimeInterval($0) })
        let manifest = try signer.sign(ApprovalStatements.manifest(validity: validity, applianceID: ring.applianceID, policy: policy,
                                                                    candidates: plan.approved, approver: request.approver))
        var vsas: [ExportedImage] = []
        for candidate in plan.approved {
            vsas.append(ExportedImage(candidate: candidate, vsa: try signer.sign(
                ApprovalStatements.imageVSA(validity: validity, applianceID: ring.applianceID, policy: policy, candidate: candidate))))
        }
        let state = try AdmissionState.read(store, at: now)
        // Release artifacts are subjects of the manifest and have VSAs, but admission policies and the OCI
        // layout concern images only (D21).
        let artifacts = Set(try storeCall { try store.catalogue.artifacts() }.map(\.digest))
        let approvedImages = plan.approved.map(\.imageDigest).filter { !artifacts.contains($0) }
        let admission = AdmissionInputs(applianceID: ring.applianceID,
                                        publicKeysPEM: ring.trustedPublicKeysPEM,
                                        allowedDigests: Array(Set(state.active + approvedImages).subtracting(artifacts)),
                                        acceptedPolicyDigests: [policy.sha256] + request.acceptPolicies,
                                        deniedDigests: state.denied.filter { !plan.approved.map(\.imageDigest).contains($0) && !artifacts.contains($0) })
        let images = plan.approved.map { ApprovedImage(name: $0.imageName, digest: $0.imageDigest, verdictID: $0.verdictID) }
        var report = ApprovalReport(
            id: id, createdAt: RFC3339.format(now), expiresAt: validity.validUntil.map { RFC3339.format($0) },
            approver: request.approver, applianceID: ring.applianceID, keyID: signer.keyID, policy: policy, images: images,
            skipped: plan.refusals, files: [], missingBlobs: [], outputDirectory: request.outputDirectory.path)
        let writer = try ApprovalWriter(directory: request.outputDirectory)
        do {
            report.missingBlobs = try OCILayoutExporter(store: store, limits: limits, directory: writer.url("oci"))
                .export(vsas.filter { !artifacts.contains($0.candidate.imageDigest) }, created: now)
            // The exported key file holds every trusted key (current first), never a distrusted one.
            try writer.write(manifest: manifest, vsas: vsas, policies: AdmissionPolicies.files(admission),
                             publicKeyPEM: ring.trustedPublicKeysPEM.map { $0.hasSuffix("\n") ? $0 : $0 + "\n" }.joined(), copies: RegistryCopy.plan(layout: writer.url("oci")) ?? [],
                             report: &report)
            try writer.flush()
            Failpoint.hit(Failpoint.approveBeforeRecord)
            try storeCall {
                try store.catalogue.record(
                    ApprovalRecord(id: id, createdAt: now, approver: request.approver, applianceID: ring.applianceID,
                                   keyID: signer.keyID, policyURI: policy.uri, policySHA256: policy.sha256,
                                   expiresAt: validity.validUntil,
                                   outputDirectory: request.outputDirectory.path, manifest: manifest.envelopeJSON),
                    images: images.enumerated().map {
                        ApprovalImageRecord(approvalID: id, position: $0.offset, digest: $0.element.digest, name: $0.element.name,
                                            verdictID: $0.element.verdictID)
                    })
            }
        } catch {
            writer.discard()
            throw error
        }
        // Recorded: only now does the approval appear at --out. A crash before this line leaves a staging
        // directory that `approvals verify` reports as incomplete.
        Failpoint.hit(Failpoint.approveBeforeRename)
        try writer.commit()
        try signDecisionLog(store, stateDirectory)
        return .approved(report)
    }

    /// `PRAGMA quick_check` as a refusal, or nil when the catalogue is sound.
    static func databaseDamage(_ store: Store) throws(ApplianceError) -> Refusal? {
        let problems: [String]
        do {
            problems = try storeCall { try store.catalogue.quickCheckProblems() }
        } catch {
            problems = [error.reason]  // SQLite may answer a damaged page with an error rather than a row
        }
        guard !problems.isEmpty else { return nil }
        return Refusal(image: "*", digest: nil, code: "database-damaged",
                       reason: "PRAGMA quick_check reports \(problems.prefix(3).joined(separator: "; ")); nothing was signed")
    }

    /// Each candidate whose verdict does not replay byte-identically, as a `not-reproducible` refusal.
    static func unreproducible(_ candidates: [ApprovalCandidate], source: any VerdictSource) throws(ApplianceError) -> [Refusal] {
        var refusals: [Refusal] = []
        for candidate in candidates {
            let differences = try source.replayDifferences(verdictID: candidate.verdictID)
            guard !differences.isEmpty else { continue }
            refusals.append(Refusal(image: candidate.imageName, digest: candidate.imageDigest, code: "not-reproducible",
                                    reason: "its verdict \(candidate.verdictID.prefix(12)) does not replay from the stored evidence: \(differences.prefix(3).joined(separator: "; "))"))
        }
        return refusals
    }

    /// 16 hex digits of SHA-256 over the instant, each image's digest and verdict, and a random nonce, so
    /// two approvals of the same images in the same second still get distinct ids.
    static func approvalID(_ candidates: [ApprovalCandidate], at instant: Date) -> String {
        let text = ([RFC3339.format(instant), UUID().uuidString] + candidates.map { "\($0.imageDigest) \($0.verdictID)" })
            .joined(separator: "\n")
        return String(Hex.encode(Digest.sha256(Data(text.utf8))).prefix(16))
    }
}
