// `airlock-bench audit-store STATE N`: grows an imported, verified state by N verdicts (10 per synthetic image,
// the demo app's real verdict re-timed), recorded through the catalogue in batches of 1,000 (each verdict
// logged as a leaf in its batch's transaction, as `verify` logs it), then signs one checkpoint.
// `airlock-bench audit-import STATE BUNDLE POLICY`: `import --policy` in process on STATE (the CLI's use case,
// `BundleIntake`: policy load, import, checkpoint files, verification of the bundle's images) and the share of its wall time spent on decision-log work
// (leaves, guard, checkpoints; `DecisionLogCost`). Used by `tools/bench audit`.
import Foundation
import AirlockAppliance
import AirlockCrypto
import AirlockFormats
import AirlockStore
import AirlockVerify

func auditStore(state: URL, count: Int) throws {
    let started = Date()
    let store = try Store(stateDirectory: state, mode: .existing)
    guard let template = try store.catalogue.latestVerdicts().values.sorted(by: { $0.id < $1.id }).first else {
        throw CocoaError(.fileReadNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "no verdict in \(state.path) to copy"])
    }
    let original = try Verdict.parse(template.document)
    var done = 0
    while done < count {
        let batch = (done..<min(done + 1000, count)).map { i -> VerdictBatch in
            var verdict = original
            let image = i / 10
            verdict.subject = ImageSubject(digest: "sha256:" + Hex.encode(Digest.sha256(Data("bench image \(image)".utf8))),
                                           names: ["bench.example/app-\(image):1"])
            verdict.verificationTime = original.verificationTime.addingTimeInterval(Double(i % 10 + 1))
            let document = verdict.canonicalJSON()
            let record = VerdictRecord(id: Hex.encode(Digest.sha256(document)), subjectDigest: verdict.subject.digest, result: verdict.result,
                                       rule: verdict.rule, policySHA256: template.policySHA256,
                                       verificationTime: Verdict.formatTime(verdict.verificationTime), toolVersion: verdict.toolVersion,
                                       recordedAt: template.recordedAt, document: document)
            return VerdictBatch(verdict: record, checks: verdict.checks, blobs: [])
        }
        _ = try store.catalogue.record(batch)
        done += batch.count
    }
    let recorded = Date()
    let size = try DecisionLogService(stateDirectory: state).checkpoint()
    print(String(format: "grew the log by %d verdicts in %.1f s; first checkpoint over them (size %d) in %.2f s", count,
                 recorded.timeIntervalSince(started), size ?? -1, Date().timeIntervalSince(recorded)))
}

func auditImport(state: URL, bundle: URL, policy: String) throws {
    DecisionLogCost.reset()
    let start = DispatchTime.now().uptimeNanoseconds
    let outcome: BundleIntake.Outcome
    do { outcome = try BundleIntake(stateDirectory: state).run(.init(source: bundle, policyPath: policy)) } catch { throw error.error }
    let verified = outcome.verified!
    let total = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    let log = DecisionLogCost.seconds
    print(String(format: "import --policy: %.1f ms, of which decision log %.2f ms (%.2f%%; guard %.2f ms, leaves %.2f ms, checkpoints %.2f ms; "
                 + "guard beside the policy load and archive stream %.2f ms); %d verdicts",
                 total * 1000, log * 1000, log / total * 100, DecisionLogCost.seconds(.writeGuard) * 1000,
                 DecisionLogCost.seconds(.leaves) * 1000, DecisionLogCost.seconds(.checkpoint) * 1000,
                 DecisionLogCost.seconds(.overlappedGuard) * 1000, verified.verdicts.count))
}

/// `airlock-bench audit-trace STATE IMAGE N`: the median of N in-process `TraceService.trace` calls (each opens
/// the store read-only, as the command does), without the process start-up the CLI figure includes.
func auditTrace(state: URL, image: String, rounds: Int) throws {
    let service = TraceService(stateDirectory: state)
    _ = try service.trace(image)
    var times: [Double] = []
    for _ in 0..<rounds {
        let start = DispatchTime.now().uptimeNanoseconds
        _ = try service.trace(image)
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
    }
    times.sort()
    print(String(format: "trace in process: %.2f ms (median of %d)", times[times.count / 2], rounds))
}
