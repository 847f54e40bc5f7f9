public import Foundation
public import AirlockFormats
import AirlockStore
import AirlockVerify

/// The report use case for auditors (`airlock report`): a summary of the selected images and, per image,
/// exactly what `airlock trace` reports (built by `TraceService` from the same queries, the log read
/// once), with every inclusion proof checked against the latest signed checkpoint. Read-only: the store is
/// opened `.readOnly`, so it works on a snapshot or a read-only copy of the state.
public struct ReportService: Sendable {
    /// The state directory.
    public let stateDirectory: URL
    /// Input limits.
    public let limits: Limits

    /// Makes the service.
    public init(stateDirectory: URL, limits: Limits = .default) {
        self.stateDirectory = stateDirectory
        self.limits = limits
    }

    /// The report on `selection` as of `at` (approval statuses, generation instant; whole seconds).
    public func report(_ selection: ReportSelection, at: Date = Date()) throws(ApplianceError) -> AuditorReport {
        let instant = Date(timeIntervalSince1970: at.timeIntervalSince1970.rounded(.down))
        let store = try openStore(stateDirectory, mode: .readOnly)
        let tracer = TraceService(stateDirectory: stateDirectory, limits: limits)
        let log = try TraceLog(store: store)
        var images: [ReportImage] = []
        for digest in try digests(selection, store: store, tracer: tracer) {
            let trace = try tracer.trace(digest: digest, store: store, log: log, now: instant)
            let latest = trace.verdicts.last?.verdict
            images.append(ReportImage(digest: digest, names: trace.names, result: latest?.result ?? "NONE",
                                      policySHA256: latest?.policySHA256, rule: latest?.rule,
                                      verificationTime: latest?.verificationTime, approval: trace.approvals.last?.status, trace: trace))
        }
        images.sort { ($0.names.first ?? "~", $0.digest) < ($1.names.first ?? "~", $1.digest) }
        return AuditorReport(generatedAt: RFC3339.format(instant), airlockVersion: AirlockVersion.current, selection: selection.label,
                             checkpoint: ReportProofCheck(stateDirectory: stateDirectory).check(log.checkpoint, images: images),
                             images: images)
    }

    /// The top-level image digests `selection` names; an unknown bundle is `unknown-bundle`, an unknown
    /// image `unknown-image` (bad input).
    private func digests(_ selection: ReportSelection, store: Store, tracer: TraceService) throws(ApplianceError) -> [String] {
        switch selection {
        case .image(let reference):
            return [try tracer.resolve(reference, store: store)]
        case .bundle(let id):
            guard let bundle = try storeCall({ try store.catalogue.bundle(matching: id) }) else {
                throw ApplianceError(.badInput, "no imported bundle has id \"\(id)\"", code: "unknown-bundle", field: "bundle")
            }
            let images = try storeCall { try store.catalogue.images(bundleID: bundle.id) }
            return TraceService.unique(images.filter { $0.parentDigest == nil }.map(\.digest))
        case .all:
            let images = try storeCall { try store.catalogue.images() }
            return TraceService.unique(images.filter { $0.parentDigest == nil }.map(\.digest))
        }
    }
}
