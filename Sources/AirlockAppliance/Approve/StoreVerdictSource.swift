public import Foundation
public import AirlockFormats
import AirlockStore
import AirlockVerify

/// The `VerdictSource` over the state directory: verdicts from the `verdicts` table (their stored
/// canonical documents), names and bundles from the `images` table.
public struct StoreVerdictSource: VerdictSource {
    private let store: Store
    private let stateDirectory: URL
    private let limits: Limits

    /// Opens the catalogue of a state directory.
    public init(stateDirectory: URL, limits: Limits = .default) throws(ApplianceError) {
        self.store = try openStore(stateDirectory, mode: .existing)
        self.stateDirectory = stateDirectory
        self.limits = limits
    }

    /// Replays the verdict with `ReplayService` (the auditor's replay, unchanged); a verdict that cannot be
    /// replayed at all (missing blob, ambiguous id, unparseable document) is reported as a difference.
    public func replayDifferences(verdictID: String) throws(ApplianceError) -> [String] {
        let report: ReplayReport
        do {
            report = try ReplayService(stateDirectory: stateDirectory, limits: limits).replay(verdictID)
        } catch {
            return ["cannot replay: \(error.reason)"]
        }
        guard !report.results.isEmpty else { return ["no recorded verdict has this id"] }
        return report.results.flatMap { $0.identical ? [] : ($0.differences.isEmpty ? ["the replayed verdict differs"] : $0.differences) }
    }

    /// Every verdict of the image, oldest first, read back from its stored document.
    public func verdicts(digest: String) throws(ApplianceError) -> [ApprovalCandidate] {
        let records = try storeCall { try store.catalogue.verdicts() }.filter { $0.subjectDigest == digest }
        var out: [ApprovalCandidate] = []
        for record in records {
            let verdict: Verdict
            do {
                verdict = try Verdict.parse(record.document, limits: limits)
            } catch {
                throw ApplianceError(.internalError, "stored verdict \(record.id) does not parse: \(error)")
            }
            out.append(Self.candidate(verdict, id: record.id))
        }
        return out
    }

    /// Digests with at least one verdict.
    public func verifiedDigests() throws(ApplianceError) -> [String] {
        Set(try storeCall { try store.catalogue.verdicts() }.map(\.subjectDigest)).sorted()
    }

    /// Top-level images imported under `name`.
    public func digests(named name: String) throws(ApplianceError) -> [String] {
        let images = try storeCall { try store.catalogue.images() }
        let artifacts = try storeCall { try store.catalogue.artifacts() }.filter { $0.path == name }.map(\.digest)
        return Set(images.filter { $0.parentDigest == nil && $0.names.contains(name) }.map(\.digest) + artifacts).sorted()
    }

    /// Top-level images of the bundle with this id or unambiguous id prefix.
    public func digests(bundle: String) throws(ApplianceError) -> [String]? {
        guard let record = try storeCall({ try store.catalogue.bundle(matching: bundle) }) else { return nil }
        let images = try storeCall { try store.catalogue.images(bundleID: record.id) }
        let artifacts = try storeCall { try store.catalogue.artifacts(bundleID: record.id) }.map(\.digest)
        return Set(images.filter { $0.parentDigest == nil }.map(\.digest) + artifacts).sorted()
    }

    /// Whether the catalogue has an image or a release artifact with this digest.
    public func isImported(digest: String) throws(ApplianceError) -> Bool {
        if !(try storeCall { try store.catalogue.images(digest: digest) }).isEmpty { return true }
        return try storeCall { try store.catalogue.artifacts() }.contains { $0.digest == digest }
    }

    /// The policy of the most recently recorded verdict (any image), or nil when nothing was verified.
    public func latestPolicy() throws(ApplianceError) -> CurrentPolicy? {
        guard let latest = try storeCall({ try store.catalogue.verdicts() }).last else { return nil }
        do {
            let verdict = try Verdict.parse(latest.document, limits: limits)
            return CurrentPolicy(uri: Self.policyURI(name: verdict.policy.name), sha256: verdict.policy.sha256)
        } catch {
            throw ApplianceError(.internalError, "stored verdict \(latest.id) does not parse: \(error)")
        }
    }

    /// The URI written as VSA `policy.uri` for a site policy name.
    public static func policyURI(name: String) -> String { "urn:airlock:policy:\(name)" }

    /// The approval view of a verdict. Airlock policies do not grade SLSA levels, so the build track is
    /// reported unevaluated and the rule that passed is named as a verified property.
    static func candidate(_ verdict: Verdict, id: String) -> ApprovalCandidate {
        var levels = ["SLSA_BUILD_LEVEL_UNEVALUATED"]
        if let rule = verdict.rule, verdict.passed { levels.append("AIRLOCK_RULE_\(rule)") }
        return ApprovalCandidate(
            imageName: verdict.subject.names.sorted().first ?? verdict.subject.digest, imageDigest: verdict.subject.digest,
            verdictID: id, verdictPassed: verdict.passed, policyURI: policyURI(name: verdict.policy.name),
            policyDigest: verdict.policy.sha256, verifiedAt: verdict.verificationTime,
            evidence: verdict.inputs.map { EvidenceDigest(uri: "urn:airlock:evidence:\($0.kind)", sha256: $0.sha256) },
            verifiedLevels: levels,
            firstFailure: verdict.firstFailure.map { "\($0.id): \($0.message)" })
    }
}
