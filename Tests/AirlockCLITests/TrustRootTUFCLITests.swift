import Foundation
import Testing
import AirlockTestKit

/// `airlock trustroot pin-tuf` and `update` over a copy of the Sigstore root-signing repository.
@Suite("TUF-pinned trust roots", .enabled(if: Corpus.isAvailable, "corpus absent"))
struct TrustRootTUFCLITests {
    static let at = "2026-08-01T00:00:00Z"

    /// A scratch copy of the corpus repository (so one file can be altered).
    static func copy(into scratch: ScratchDirectory) throws -> URL {
        let target = scratch.url("repo")
        try FileManager.default.copyItem(at: Corpus.url("tuf/sigstore-root-signing"), to: target)
        return target
    }

    @Test("pin root v1, update offline to the published trusted_root.json, then verify a public-good bundle with it")
    func pinAndUpdate() throws {
        let scratch = try ScratchDirectory("tuf")
        defer { scratch.remove() }
        let repo = try Self.copy(into: scratch)
        let pin = try CLI.run(["trustroot", "pin-tuf", "sigstore", repo.appendingPathComponent("metadata/root_history/1.root.json").path], state: scratch.state)
        #expect(pin.status == 0, "\(pin.output)")
        let update = try CLI.run(["trustroot", "update", "sigstore", repo.path, "--at", Self.at, "--output", "json"], state: scratch.state)
        #expect(update.status == 0, "\(update.output)")
        #expect(update.stdout.contains("\"sha256\" : \"6494e21ea73fa7ee769f85f57d5a3e6a08725eae1e38c755fc3517c9e6bc0b66\""), "\(update.stdout)")
        #expect(update.stdout.contains("\"timestamp\" : 762"))
        let show = try CLI.run(["trustroot", "show", "sigstore"], state: scratch.state)
        #expect(show.stdout.contains("tuf: root v15, timestamp v762, snapshot v165, targets v14"), "\(show.stdout)")
        #expect(show.stdout.contains(" tuf-update sha256:6494e21e"))
    }

    @Test("a tampered target is refused with its reason and the pinned state is unchanged")
    func refusedLeavesStateUnchanged() throws {
        let scratch = try ScratchDirectory("tuf")
        defer { scratch.remove() }
        let repo = try Self.copy(into: scratch)
        #expect(try CLI.run(["trustroot", "pin-tuf", "sigstore", repo.appendingPathComponent("metadata/root_history/1.root.json").path], state: scratch.state).status == 0)
        #expect(try CLI.run(["trustroot", "update", "sigstore", repo.path, "--at", Self.at], state: scratch.state).status == 0)
        let before = try CLI.run(["trustroot", "show", "sigstore", "--output", "json"], state: scratch.state)
        let target = repo.appendingPathComponent("targets/trusted_root.json")
        let handle = try FileHandle(forWritingTo: target)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("\n".utf8))
        try handle.close()
        let refused = try CLI.run(["trustroot", "update", "sigstore", repo.path, "--at", Self.at, "--output", "json"], state: scratch.state)
        #expect(refused.status == 1)
        #expect(refused.stdout.contains("\"code\" : \"tuf.length-mismatch\""), "\(refused.stdout)")
        #expect(refused.stderr.contains("trusted_root.json: "), "\(refused.stderr)")
        let after = try CLI.run(["trustroot", "show", "sigstore", "--output", "json"], state: scratch.state)
        #expect(after.stdout == before.stdout)
        let expired = try CLI.run(["trustroot", "update", "sigstore", repo.path, "--at", "2026-09-01T00:00:00Z"], state: scratch.state)
        #expect(expired.status == 1)
        #expect(expired.stderr.contains("(tuf.expired)"), "\(expired.stderr)")
    }

    @Test("pin-tuf refuses a file that is not a self-signed TUF root, naming the reason")
    func pinRefusesBadRoot() throws {
        let scratch = try ScratchDirectory("tuf")
        defer { scratch.remove() }
        let bad = try scratch.write(#"{"signed": {"_type": "targets"}, "signatures": []}"#, as: "root.json")
        let result = try CLI.run(["trustroot", "pin-tuf", "x", bad.path], state: scratch.state)
        #expect(result.status == 2)
        #expect(result.stderr.contains("_type is \"targets\", expected \"root\" (tuf.malformed-metadata)"), "\(result.stderr)")
        let update = try CLI.run(["trustroot", "update", "nothing", scratch.root.path], state: scratch.state)
        #expect(update.stderr.contains("(not-tuf-pinned)"), "\(update.stderr)")
        // A pin not yet updated can be removed; then the name is free and no longer pinned.
        let root = Corpus.url("tuf/sigstore-root-signing/metadata/root_history/15.root.json").path
        #expect(try CLI.run(["trustroot", "pin-tuf", "fresh", root], state: scratch.state).status == 0)
        let again = try CLI.run(["trustroot", "pin-tuf", "fresh", root], state: scratch.state)
        #expect(again.stderr.contains("(trust-root-exists)"), "\(again.stderr)")
        #expect(try CLI.run(["trustroot", "remove", "fresh"], state: scratch.state).status == 0)
        let gone = try CLI.run(["trustroot", "update", "fresh", scratch.root.path], state: scratch.state)
        #expect(gone.stderr.contains("(not-tuf-pinned)"), "\(gone.stderr)")
    }
}
