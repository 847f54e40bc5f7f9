public import Foundation
public import AirlockFormats
import AirlockStore
import AirlockVerify

/// The trace use case for auditors (`airlock trace`): everything the appliance knows about one image —
/// the transfer archives it arrived in, its signers, its provenance and other attestations, every
/// verdict, approval and revocation — each record with its decision-log inclusion proof. Read-only: the
/// store is opened `.readOnly`, so it works on a snapshot and never creates state.
public struct TraceService: Sendable {
    /// The state directory.
    public let stateDirectory: URL
    /// Input limits.
    public let limits: Limits

    /// Makes the service.
    public init(stateDirectory: URL, limits: Limits = .default) {
        self.stateDirectory = stateDirectory
        self.limits = limits
    }

    /// Traces the image with digest or imported name `reference`, with approval statuses as of `now`.
    public func trace(_ reference: String, now: Date = Date()) throws(ApplianceError) -> TraceReport {
        let store = try openStore(stateDirectory, mode: .readOnly)
        let digest = try resolve(reference, store: store)
        return try trace(digest: digest, store: store, log: try TraceLog(store: store), now: now)
    }

    /// Traces the image `digest` on an open store with the log read once (`trace`, and `report` for each
    /// image it covers, so both build from the same queries).
    func trace(digest: String, store: Store, log: TraceLog, now: Date) throws(ApplianceError) -> TraceReport {
        let images = try storeCall { try store.catalogue.images(digest: digest) }
        // A release artifact (D21) is traced like an image: named by its paths, from the bundles it came in.
        let artifacts = try storeCall { try store.catalogue.artifacts() }.filter { $0.digest == digest }
        let bundleIDs = Set(images.map(\.bundleID) + artifacts.map(\.bundleID))
        let archives = try storeCall { try store.catalogue.bundles() }.filter { bundleIDs.contains($0.id) }
            .sorted { ($0.importedAt, $0.id) < ($1.importedAt, $1.id) }
            .map { (bundle) throws(ApplianceError) in
                TraceArchive(id: bundle.id, name: bundle.name, importedAt: bundle.importedAt, archiveSHA256: bundle.archiveSHA256,
                             log: try log.position(.import, bundle.id))
            }
        let verdicts = try traceVerdicts(digest, store: store, log: log)
        var report = TraceReport(digest: digest, names: Self.unique(images.flatMap(\.names) + artifacts.map(\.path)), archives: archives,
                                 signatures: [], provenance: [], attestations: [], verdicts: verdicts,
                                 approvals: try traceApprovals(digest, store: store, log: log, now: now))
        try readEvidence(digest, store: store, latest: verdicts.last?.verdict, into: &report)
        return report
    }

    /// The top-level digest `reference` names (an image by digest or name, or a release artifact by digest
    /// or path); unknown is bad input (`unknown-image`), a name on several digests is `ambiguous-image`.
    func resolve(_ reference: String, store: Store) throws(ApplianceError) -> String {
        let images = try storeCall { try store.catalogue.images() }
        let artifacts = try storeCall { try store.catalogue.artifacts() }
        let digests = Self.unique(images.filter { $0.digest == reference || $0.names.contains(reference) }.map(\.digest)
                                  + artifacts.filter { $0.digest == reference || $0.path == reference }.map(\.digest))
        guard let digest = digests.first else {
            throw ApplianceError(.badInput, "no imported image or release artifact has digest, name or path \"\(reference)\"",
                                 code: "unknown-image", field: "image")
        }
        guard digests.count == 1 else {
            throw ApplianceError(.badInput, "\"\(reference)\" names several images (\(digests.joined(separator: ", "))); give a digest",
                                 code: "ambiguous-image", field: "image")
        }
        return digest
    }

    private func traceVerdicts(_ digest: String, store: Store, log: TraceLog) throws(ApplianceError) -> [TraceVerdict] {
        var out: [TraceVerdict] = []
        for row in try storeCall({ try store.catalogue.verdicts(subjectDigest: digest) }) {
            guard let seq = row.seq, let verdict = try? Verdict.parse(row.document, limits: limits) else { continue }
            out.append(TraceVerdict(seq: seq, recordedAt: row.recordedAt, checkCount: verdict.checks.count,
                                    verdict: VerdictSummary(verdict, id: row.id), log: try log.position(.verdict, String(seq))))
        }
        return out
    }

    private func traceApprovals(_ digest: String, store: Store, log: TraceLog, now: Date) throws(ApplianceError) -> [TraceApproval] {
        let rows = try storeCall { try store.catalogue.approvalImages(digest: digest) }
        let approvals = try storeCall { try store.catalogue.approvals() }
        let revocations = try storeCall { try store.catalogue.revocations() }
        var out: [TraceApproval] = []
        for approval in approvals {
            guard let row = rows.first(where: { $0.approvalID == approval.id }) else { continue }
            let revocation = revocations[approval.id]
            let expired = approval.expiresAt.map { $0 <= now } ?? false
            out.append(TraceApproval(
                id: approval.id, status: revocation != nil ? "revoked" : (expired ? "expired" : "active"),
                createdAt: approval.createdAt, expiresAt: approval.expiresAt, verdictId: row.verdictID,
                revocation: revocation.map { "\(RFC3339.format($0.revokedAt)) by \($0.revokedBy): \($0.reason)" },
                log: try log.position(.approval, approval.id),
                revocationLog: revocation == nil ? nil : try log.position(.revocation, approval.id)))
        }
        return out
    }

    /// Signatures, provenance and other attestations from the evidence records linked to the image.
    private func readEvidence(_ digest: String, store: Store, latest: VerdictSummary?, into report: inout TraceReport) throws(ApplianceError) {
        var identity: [String: String] = [:]
        for check in latest?.checks ?? [] where check.id.hasPrefix("evidence[") && check.id.hasSuffix("].identity") {
            identity[String(check.id.dropFirst(9).prefix(12))] = "\(check.status.rawValue): \(check.message)"
        }
        let reader = TraceEvidenceReader(limits: limits)
        var seen = Set<String>()
        var others: [String: [String]] = [:]
        let records = try storeCall { try store.catalogue.evidence(subjectDigest: digest) }
        for record in records.sorted(by: { $0.sha256 < $1.sha256 }) where seen.insert(record.sha256).inserted {
            let content = try storeCall { try store.blobs.read(sha256: record.sha256, maxBytes: limits.maxJSONBytes) }
            let reading = reader.read(record, content: content, identityChecks: identity)
            if let signature = reading.signature { report.signatures.append(signature) }
            guard let statement = reading.statement else {
                if let type = record.predicateType { others[type, default: []].append(record.sha256) }
                continue
            }
            if let provenance = TraceEvidenceReader.provenance(statement, evidence: record.sha256, limits: limits) {
                report.provenance.append(provenance)
            } else {
                others[statement.predicateType, default: []].append(record.sha256)
            }
        }
        report.attestations = others.keys.sorted().map { TraceAttestation(predicateType: $0, evidence: others[$0]!) }
    }

    static func unique(_ values: [String]) -> [String] {
        var seen = Set<String>()
        return values.filter { seen.insert($0).inserted }
    }
}
