import Foundation
import AirlockStore

/// One release artifact (a plain file of a bundle, a subject by its SHA-256), as `airlock import` and
/// `airlock artifacts` list it: its path, digest, the evidence about it and its latest verdict.
public struct ArtifactSummary: Sendable, Codable, Equatable {
    /// The bundle it came in.
    public var bundleID: String
    /// Its path in the bundle (the artifact's name).
    public var path: String
    /// `sha256:<hex>` of its content.
    public var digest: String
    /// Byte count.
    public var size: Int64
    /// Evidence whose subject is this digest, from any bundle.
    public var evidence: [EvidenceSummary]
    /// The most recent verdict about the digest, if it was ever decided.
    public var verdict: LatestVerdict?

    init(_ record: ArtifactRecord, evidence: [EvidenceSummary]) {
        bundleID = record.bundleID
        path = record.path
        digest = record.digest
        size = record.size
        self.evidence = evidence
    }

    /// Artifacts with the evidence (of any bundle in `evidence`) whose subject is their digest.
    static func summaries(_ artifacts: [ArtifactRecord], evidence: [EvidenceRecord]) -> [ArtifactSummary] {
        let bySubject = Dictionary(grouping: evidence.filter { $0.subjectDigest != nil }) { $0.subjectDigest! }
        return artifacts.map { ArtifactSummary($0, evidence: (bySubject[$0.digest] ?? []).map(EvidenceSummary.init)) }
    }
}

extension ImportService {
    /// Release artifacts (of one bundle, given its id or an unambiguous prefix of its archive SHA-256), each
    /// with the evidence about its digest and its latest verdict.
    public func artifacts(bundle: String? = nil) throws(ApplianceError) -> [ArtifactSummary] {
        let store = try openStore(stateDirectory, mode: .readOnly)
        var bundleID: String?
        if let bundle {
            guard let record = try storeCall({ try store.catalogue.bundle(matching: bundle) }) else {
                throw ApplianceError(.badInput, "no bundle matches \"\(bundle)\"", code: "unknown-bundle", field: "--bundle")
            }
            bundleID = record.id
        }
        return try Self.listArtifacts(store: store, bundleID: bundleID)
    }

    /// Artifacts with their evidence and latest verdicts.
    static func listArtifacts(store: Store, bundleID: String?) throws(ApplianceError) -> [ArtifactSummary] {
        let artifacts = try storeCall { try store.catalogue.artifacts(bundleID: bundleID) }
        let evidence = try storeCall { try store.catalogue.evidence() }
        let latest = try storeCall { try store.catalogue.latestVerdicts() }
        var summaries = ArtifactSummary.summaries(artifacts, evidence: evidence)
        for i in summaries.indices {
            guard let row = latest[summaries[i].digest], let seq = row.seq else { continue }
            let failure = try storeCall { try store.catalogue.checks(verdictSeq: seq) }.first { $0.status == "failed" }
            summaries[i].verdict = LatestVerdict(id: row.id, result: row.result, verificationTime: row.verificationTime,
                                                 firstFailure: failure.map { "\($0.checkID): \($0.message)" })
        }
        return summaries
    }
}
