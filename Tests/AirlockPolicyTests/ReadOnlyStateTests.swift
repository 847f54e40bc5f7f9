import Foundation
import Testing
import AirlockAppliance
import AirlockTestKit

/// `images` and `replay` only read: they work on a read-only snapshot of the state directory and write
/// nothing to it (as root, whom permission bits do not stop, the read-only SQLite open is what holds).
struct ReadOnlyStateTests {
    @Test(.enabled(if: Corpus.isAvailable, "corpus absent"))
    func imagesAndReplayWorkOnAReadOnlySnapshot() throws {
        let workspace = try CorpusVerdictTests.workspace()
        let path = try workspace.write(CorpusVerdictTests.policy(), as: "policy.yaml")
        _ = try workspace.verifier.verify(.all, policyPath: path, at: ReplayTests.instant)
        let snapshot = workspace.root.appendingPathComponent("snapshot")
        try FileManager.default.copyItem(at: workspace.state, to: snapshot)
        let database = snapshot.appendingPathComponent("airlock.sqlite")
        let before = try Data(contentsOf: database)
        let listingBefore = try ScratchDirectory.listing(snapshot)
        try chmod(snapshot, "a-w")
        defer { try? chmod(snapshot, "u+w") }

        let images = try ImportService(stateDirectory: snapshot).images()
        #expect(images.count == 2 && images.allSatisfy { $0.verdict?.result == "PASS" })
        let replay = try ReplayService(stateDirectory: snapshot).replay(nil)
        #expect(replay.results.count == 2 && replay.allIdentical, "\(replay.results.flatMap(\.differences))")
        #expect(try Data(contentsOf: database) == before)
        #expect(try ScratchDirectory.listing(snapshot) == listingBefore)
    }

    private func chmod(_ url: URL, _ mode: String) throws {
        try Tool.chmod.checked(["-R", mode, url.path])
    }
}
