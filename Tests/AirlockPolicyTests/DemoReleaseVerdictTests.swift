import Foundation
import Testing
import AirlockAppliance
import AirlockTestKit
import AirlockFormats

/// The demo site policy (`bundles/demo-policy.yaml`) against the demo releases (tools/make-demo-bundle),
/// at the appliance level: both images pass with every proof checked; in the tampered release the worker
/// fails for its altered provenance; every verdict replays identically.
struct DemoReleaseVerdictTests {
    static let policy = Corpus.packageRoot.appendingPathComponent("bundles/demo-policy.yaml").path
    static let app = "sha256:13232688a37591380ace8074528879e15a283cd512116c27e013124a8abcb03e"
    static let worker = "sha256:da3abf2fd402a7ac3d85cd7e28256796c2bcd04340ec2063a1d34312ff7de730"
    static let release = Corpus.packageRoot.appendingPathComponent("bundles/demo-release.tar.gz")
    static let tampered = Corpus.packageRoot.appendingPathComponent("bundles/demo-release-tampered.tar.gz")
    static var present: Bool { FileManager.default.fileExists(atPath: policy) && FileManager.default.fileExists(atPath: release.path) && FileManager.default.fileExists(atPath: tampered.path) }

    func verify(_ archive: URL) throws -> [String: VerdictSummary] {
        let workspace = try Workspace()
        let bundle = try ImportService(stateDirectory: workspace.state).importBundle(at: archive).bundle.id
        let report = try workspace.verifier.verify(.bundle(bundle), policyPath: Self.policy, at: Date(timeIntervalSince1970: 1_767_225_600))
        #expect(try workspace.replayer.replay(nil).allIdentical)
        return Dictionary(uniqueKeysWithValues: report.verdicts.map { ($0.subject, $0) })
    }

    @Test(.enabled(if: DemoReleaseVerdictTests.present, "demo bundles absent"))
    func demoReleasePasses() throws {
        let verdicts = try verify(Self.release)
        #expect(verdicts.count == 2)
        for digest in [Self.app, Self.worker] {
            let verdict = try #require(verdicts[digest])
            #expect(verdict.result == "PASS", "\(verdict.firstFailure?.message ?? "")")
            #expect(verdict.has("signatures", .passed))
            #expect(verdict.has("slsa.certificate", .passed))
            #expect(verdict.has(".timestamp.rfc3161", .passed))
        }
    }

    @Test(.enabled(if: DemoReleaseVerdictTests.present, "demo bundles absent"))
    func tamperedReleaseFailsTheWorker() throws {
        let verdicts = try verify(Self.tampered)
        #expect(verdicts[Self.app]?.result == "PASS")
        let worker = try #require(verdicts[Self.worker])
        #expect(worker.result == "FAIL")
        #expect(worker.failedCheck == "signature.dsse")
        #expect(worker.firstFailure?.message == "DSSE signature over the envelope does not verify with the signing key")
    }
}
