import Foundation
import Testing
import AirlockStore
import AirlockAppliance
import AirlockTestKit

/// A state directory written by an earlier Airlock still opens, keeps every row, and replays.
@Suite("Store upgrade from a fixture")
struct UpgradeTests {
    /// Copies the fixture into a scratch directory (the fixture itself is never opened).
    static func scratchCopy(_ dir: ScratchDirectory) throws -> URL {
        let state = dir.url("state")
        try FileManager.default.copyItem(at: upgradeFixture, to: state)
        return state
    }

    @Test("the 1cd198b state directory migrates to the current schema with every row intact")
    func migrates() throws {
        let dir = try ScratchDirectory("store")
        defer { dir.remove() }
        let store = try Store(stateDirectory: try Self.scratchCopy(dir), mode: .existing)
        let catalogue = store.catalogue
        #expect(try catalogue.appliedMigrations() == Catalogue.schemaMigrations)
        #expect(try catalogue.integrityProblems().isEmpty)
        #expect(try catalogue.rowCounts() == ["bundles": 1, "bundle_files": 19, "blobs": 22, "images": 2, "evidence": 6])
        let bundle = try #require(try catalogue.bundles().first)
        #expect(bundle.id == "fee1a90e778c" && bundle.name == "demo-release-1.0.0" && bundle.entryCount == 19)
        #expect(try catalogue.images(bundleID: bundle.id).map(\.names) == [["demo/app:1.0.0"], ["demo/worker:1.0.0"]])
        let verdicts = try catalogue.verdicts()
        #expect(verdicts.map(\.id) == ["b508cfe15241a0938bad0e09c8d149b33ea6aebf227eee0a487bfc9b3163a5a0",
                                       "c92c9cae8cb8b563ed9ceef09bff213c74529846ce06e9ce9253f43ef441bed4"])
        #expect(verdicts.map(\.seq) == [1, 2] && verdicts.allSatisfy { $0.result == "PASS" })
        #expect(try verdicts.map { try catalogue.checks(verdictSeq: $0.seq ?? 0).count }.reduce(0, +) == 76)
        let approval = try #require(try catalogue.approval(matching: "2bca"))
        #expect(approval.id == "2bca2391e4f5c06f")
        #expect(try catalogue.approvalImages(approvalID: approval.id).map(\.verdictID) == verdicts.map(\.id))
        #expect(try catalogue.revocations().isEmpty)
        for evidence in try catalogue.evidence() { #expect(store.blobs.contains(sha256: evidence.sha256), "\(evidence.source)") }
    }

    @Test("every verdict of the 1cd198b state directory replays IDENTICAL")
    func replays() throws {
        let dir = try ScratchDirectory("store")
        defer { dir.remove() }
        let report = try ReplayService(stateDirectory: try Self.scratchCopy(dir)).replay(nil)
        #expect(report.results.count == 2)
        #expect(report.allIdentical, "\(report.results.flatMap(\.differences))")
    }
}
