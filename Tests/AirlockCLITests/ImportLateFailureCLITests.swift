import Foundation
import Testing
import AirlockTestKit

/// D29 (`BundleIntake`): a failure after the import committed prints what is stored before the error line.
/// A split view found by the bundle's own checkpoint files after the verification is such a failure, and by
/// then the run's verdicts are committed too.
@Suite("import --policy: a failure after the verification shows what it stored")
struct ImportLateFailureCLITests {
    /// Imports (with `extra` arguments) an archive whose checkpoint file is a bad consistency proof from the
    /// log's size at the image's entry: nothing is held yet, so the proof waits for the checkpoint the
    /// verification holds, then fails as a split view, after the import and its verdict committed.
    static func importWithLateSplitView(_ kit: ArchiveCheckpointsCLITests.Setup, _ extra: [String]) throws -> CommandResult {
        let folder = try kit.tree("own")
        let own = Int64(kit.sigstore.rekorV2.tree.size)
        _ = kit.sigstore.rekorV2.append(body: Data("later".utf8))
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("checkpoints"), withIntermediateDirectories: true)
        try Data(try kit.body(old: own, proof: [Data(repeating: 7, count: 32)]).utf8)
            .write(to: folder.appendingPathComponent("checkpoints/bad.txt"))
        return try kit.importing([try kit.scratch.tar(folder, as: "own.tar").path] + extra)
    }

    @Test("a split view found after the verification: the verdict the run recorded is printed before the error line")
    func verdictsRecordedBeforeALateSplitViewAreShown() throws {
        let kit = try ArchiveCheckpointsCLITests.Setup()
        defer { kit.scratch.remove() }
        let imported = try Self.importWithLateSplitView(kit, [])
        #expect(imported.status == 1, "\(imported.output)")
        #expect(imported.stderr.contains("checkpoints/bad.txt: split view: "), "\(imported.stderr)")
        // The store holds a verdict for the image, recorded by this very command ...
        let images = try CLI.run(["images"], state: kit.scratch.state)
        #expect(images.status == 0, "\(images.output)")
        #expect(images.stdout.contains("PASS") || images.stdout.contains("FAIL"), "no verdict recorded: \(images.stdout)")
        // ... and the command's own output says so, before the error line.
        #expect(imported.stdout.contains("PASS") || imported.stdout.contains("FAIL"),
                "the recorded verdict is not reported by the failing import: \(imported.stdout)")
    }

    @Test("with --output json the same failure is one object: the error, and what was stored beside it")
    func jsonCarriesWhatWasStored() throws {
        let kit = try ArchiveCheckpointsCLITests.Setup()
        defer { kit.scratch.remove() }
        let imported = try Self.importWithLateSplitView(kit, ["--output", "json"])
        #expect(imported.status == 1, "\(imported.output)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(imported.stdout.utf8)) as? [String: Any], "\(imported.stdout)")
        #expect(object["schemaVersion"] as? Int == 1)
        let error = try #require(object["error"] as? [String: Any])
        #expect((error["reason"] as? String)?.contains("split view") == true, "\(error)")
        let stored = try #require(object["stored"] as? [String: Any], "no stored part: \(imported.stdout)")
        let bundle = try #require((stored["imported"] as? [String: Any])?["bundle"] as? [String: Any])
        let images = try CLI.run(["images", "--output", "json"], state: kit.scratch.state)
        #expect(images.stdout.contains(try #require(bundle["id"] as? String)), "the bundle reported is the one stored")
        let verdicts = try #require((stored["verified"] as? [String: Any])?["verdicts"] as? [[String: Any]])
        #expect(verdicts.count == 1, "the verdict recorded before the split view is reported: \(verdicts)")
        #expect(stored["trustRootUpdate"] == nil, "no TUF update ran")
    }
}
