public import Foundation
import AirlockCrypto
public import AirlockFormats
import AirlockStore
import AirlockVerify

/// The replay use case for auditors: re-run a recorded verdict from the stored evidence, with the
/// recorded policy, trust roots and verification instant — all read from the state directory by
/// digest — and say whether the new verdict is byte-identical, listing any difference check by check.
public struct ReplayService: Sendable {
    /// The state directory.
    public let stateDirectory: URL
    /// Input limits.
    public let limits: Limits

    /// Makes the service.
    public init(stateDirectory: URL, limits: Limits = .default) {
        self.stateDirectory = stateDirectory
        self.limits = limits
    }

    /// Replays one verdict (`id` or an unambiguous prefix), or every recorded verdict when `id` is nil.
    public func replay(_ id: String?) throws(ApplianceError) -> ReplayReport {
        let store = try openStore(stateDirectory, mode: .readOnly)
        var rows: [VerdictRecord]
        if let id {
            guard let row = try storeCall({ try store.catalogue.verdict(matching: id) }) else {
                throw ApplianceError(.badInput, "no recorded verdict has an id starting with \"\(id)\"", code: "unknown-verdict", field: "verdict")
            }
            rows = [row]
        } else {
            rows = try storeCall { try store.catalogue.verdicts() }
        }
        var done = Set<String>()
        rows = rows.filter { done.insert($0.id).inserted }
        var integrity = StoredImageIntegrity(store: store)
        return ReplayReport(results: try rows.map { (row) throws(ApplianceError) in
            try integrity.check(imageDigest: row.subjectDigest)
            return try replay(row, store: store)
        })
    }

    /// Replays one row; a blob changed on disk is store corruption (thrown), not a difference.
    private func replay(_ row: VerdictRecord, store: Store) throws(ApplianceError) -> ReplayResult {
        var differences: [String] = []
        let storedID = Hex.encode(Digest.sha256(row.document))
        if storedID != row.id { differences.append("stored verdict document hashes to \(storedID), not its id \(row.id)") }
        let recorded: Verdict
        do {
            recorded = try Verdict.parse(row.document, limits: limits)
        } catch {
            return ReplayResult(verdictID: row.id, subject: row.subjectDigest, replayedID: "", identical: false,
                                differences: differences + ["stored verdict does not parse: \(error)"])
        }
        let replayed: Verdict
        do {
            replayed = try rerun(recorded, store: store)
        } catch let error as StoreError where error.code == .corruptBlob {
            throw ApplianceError(error)
        } catch {
            return ReplayResult(verdictID: row.id, subject: row.subjectDigest, replayedID: "", identical: false,
                                differences: differences + ["cannot replay: \(error)"])
        }
        let document = replayed.canonicalJSON()
        if document != row.document { differences += VerdictDiff.lines(recorded, replayed) }
        if document != row.document, differences.isEmpty { differences.append("canonical JSON differs") }
        return ReplayResult(verdictID: row.id, subject: row.subjectDigest, replayedID: replayed.id,
                            identical: differences.isEmpty, differences: differences)
    }

    /// Re-runs a verdict from blobs named by digest; every read is checked against the digest, so a
    /// blob whose content changed throws `corrupt-blob`.
    private func rerun(_ recorded: Verdict, store: Store) throws -> Verdict {
        let policyBytes = try store.blobs.read(sha256: recorded.policy.sha256, maxBytes: limits.maxJSONBytes)
        let policy = try LoadedPolicy(bytes: policyBytes, directory: nil, knownTrustRoots: Set(recorded.trustRoots.map(\.name)))
        var trust: [String: TrustMaterial] = [:]
        var references: [TrustRootReference] = []
        for reference in recorded.trustRoots {
            let material = try TrustMaterial(json: store.blobs.read(sha256: reference.sha256, maxBytes: limits.maxJSONBytes), limits: limits)
            trust[reference.name] = material
            references.append(TrustRootReference(name: reference.name, sha256: material.digest))
        }
        var evidence: [EvidenceInput] = []
        var annotationDigests: [String] = []
        for input in recorded.inputs {
            let content = try store.blobs.read(sha256: input.sha256, maxBytes: limits.maxJSONBytes)
            let annotationBytes = try store.blobs.read(sha256: input.annotationsSHA256, maxBytes: limits.maxJSONBytes)
            evidence.append(EvidenceInput(sha256: Hex.encode(Digest.sha256(content)), kind: input.kind, mediaType: input.mediaType,
                                          annotations: try VerdictMaker.annotations(from: annotationBytes), content: content,
                                          aboutDigest: input.aboutDigest))
            annotationDigests.append(Hex.encode(Digest.sha256(annotationBytes)))
        }
        var maker = VerdictMaker(policy: policy, trust: trust, trustReferences: references, limits: limits)
        maker.logs = try LogContinuityState.recordedKnowledge(recorded, store, limits: limits)
        return maker.decide(recorded.subject, evidence: evidence, annotationDigests: annotationDigests, at: recorded.verificationTime)
    }
}

/// Field-by-field and check-by-check differences between a recorded and a replayed verdict.
enum VerdictDiff {
    static func lines(_ a: Verdict, _ b: Verdict) -> [String] {
        var out: [String] = []
        func compare(_ field: String, _ x: String, _ y: String) {
            if x != y { out.append("\(field): recorded \(x), replayed \(y)") }
        }
        compare("result", a.result, b.result)
        compare("rule", a.rule ?? "(none)", b.rule ?? "(none)")
        compare("policy.sha256", a.policy.sha256, b.policy.sha256)
        compare("trustRoots", a.trustRoots.map { "\($0.name)=\($0.sha256)" }.joined(separator: ","),
                b.trustRoots.map { "\($0.name)=\($0.sha256)" }.joined(separator: ","))
        compare("inputs", a.inputs.map(\.sha256).joined(separator: ","), b.inputs.map(\.sha256).joined(separator: ","))
        compare("tool.version", a.toolVersion, b.toolVersion)
        for i in 0..<max(a.checks.count, b.checks.count) {
            let x = i < a.checks.count ? a.checks[i] : nil
            let y = i < b.checks.count ? b.checks[i] : nil
            guard x != y else { continue }
            func show(_ c: CheckResult?) -> String { c.map { "\($0.id) \($0.status.rawValue): \($0.message)" } ?? "(absent)" }
            out.append("check \(i): recorded \(show(x)); replayed \(show(y))")
        }
        return out
    }
}
