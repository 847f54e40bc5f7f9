import Foundation
import Testing
import AirlockTestKit

/// Trust-root lifecycle at the air gap: `trustroot list` statuses, `import --update-trust-root` from a
/// bundle's `tuf/` folder, and the `logs`, `checkpoint add` and `witness` commands.
@Suite("Trust-root lifecycle", .enabled(if: Corpus.isAvailable, "corpus absent"))
struct TrustRootLifecycleCLITests {
    static let at = "2026-08-01T00:00:00Z"

    static func json(_ result: CommandResult) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any], "\(result.stdout)")
    }

    static func roots(_ scratch: ScratchDirectory) throws -> [String: [String: Any]] {
        let list = try CLI.run(["trustroot", "list", "--output", "json"], state: scratch.state)
        let roots = try #require(try json(list)["trustRoots"] as? [[String: Any]])
        return Dictionary(uniqueKeysWithValues: roots.map { ($0["name"] as? String ?? "", $0) })
    }

    /// A transfer archive holding the corpus TUF repository under `tuf/` (and nothing else), `change` applied first.
    static func tufArchive(_ scratch: ScratchDirectory, name: String, change: (URL) throws -> Void = { _ in }) throws -> URL {
        let folder = scratch.url("\(name)-src")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Corpus.url("tuf/sigstore-root-signing"), to: folder.appendingPathComponent("tuf"))
        try change(folder.appendingPathComponent("tuf"))
        let archive = scratch.url("\(name).tar")
        let tar = try Tool.tar.run(["-cf", archive.path, "-C", folder.path, "tuf"])
        #expect(tar.status == 0, "\(tar.output)")
        return archive
    }

    static var rootV1: String { Corpus.url("tuf/sigstore-root-signing/metadata/root_history/1.root.json").path }

    @Test("list tells embedded, file-added, TUF-pinned never updated and TUF-updated roots apart")
    func listStatuses() throws {
        let scratch = try ScratchDirectory("lifecycle")
        defer { scratch.remove() }
        #expect(try CLI.run(["trustroot", "pin-tuf", "sigstore", Self.rootV1], state: scratch.state).status == 0)
        #expect(try CLI.run(["trustroot", "add", "site-demo", Corpus.packageRoot.appendingPathComponent("trustroot/demo/trusted_root.json").path],
                            state: scratch.state).status == 0)
        var roots = try Self.roots(scratch)
        #expect(roots.keys.sorted() == ["demo", "public-good", "sigstore", "site-demo"])
        #expect(roots["demo"]?["status"] as? String == "embedded")
        #expect(roots["site-demo"]?["status"] as? String == "file-added")
        #expect(roots["sigstore"]?["status"] as? String == "tuf-pinned")
        #expect(roots["sigstore"]?["sha256"] as? String == "", "no trusted_root.json before the first update")
        #expect((roots["sigstore"]?["tuf"] as? [String: Any])?["root"] as? Int == 1)
        let text = try CLI.run(["trustroot", "list"], state: scratch.state)
        #expect(text.stdout.contains("sigstore  stored (tuf)  no trusted_root.json yet  tuf-pin  tuf-pinned, never updated (root v1)"), "\(text.stdout)")
        #expect(text.stdout.contains("site-demo  stored  sha256:"), "\(text.stdout)")
        // A pin never updated has nothing to verify with, and says so.
        let early = try CLI.run(["verify-bundle", "--bundle", Corpus.packageRoot.appendingPathComponent("bundles/demo/release-notes.txt.sigstore.json").path,
                                 "--trust-root", "sigstore", "--certificate-identity-regexp", ".", "--certificate-oidc-issuer-regexp", ".",
                                 Corpus.packageRoot.appendingPathComponent("bundles/demo/release-notes.txt").path], state: scratch.state)
        #expect(early.status == 2 && early.stderr.contains("(tuf-never-updated)"), "\(early.output)")

        let repo = scratch.url("repo")
        try FileManager.default.copyItem(at: Corpus.url("tuf/sigstore-root-signing"), to: repo)
        #expect(try CLI.run(["trustroot", "update", "sigstore", repo.path, "--at", Self.at], state: scratch.state).status == 0)
        roots = try Self.roots(scratch)
        #expect(roots["sigstore"]?["status"] as? String == "tuf-updated")
        #expect(roots["sigstore"]?["sha256"] as? String == "6494e21ea73fa7ee769f85f57d5a3e6a08725eae1e38c755fc3517c9e6bc0b66")
        #expect((roots["sigstore"]?["tuf"] as? [String: Any])?["targets"] as? Int == 14)
        #expect(roots["sigstore"]?["updatedAt"] != nil)
        let after = try CLI.run(["trustroot", "list"], state: scratch.state)
        #expect(after.stdout.contains("tuf-updated root v15, targets v14 at "), "\(after.stdout)")
    }

    @Test("import --update-trust-root runs the TUF update from the bundle's tuf/ folder before importing")
    func importUpdatesFromTUFFolder() throws {
        let scratch = try ScratchDirectory("lifecycle")
        defer { scratch.remove() }
        #expect(try CLI.run(["trustroot", "pin-tuf", "sigstore", Self.rootV1], state: scratch.state).status == 0)
        let archive = try Self.tufArchive(scratch, name: "with-tuf")
        let imported = try CLI.run(["import", archive.path, "--update-trust-root", "sigstore", "--at", Self.at], state: scratch.state)
        #expect(imported.status == 0, "\(imported.output)")
        #expect(imported.stdout.contains("updated trust root sigstore from the bundle's tuf/: root v15, timestamp v762, snapshot v165, targets v14"), "\(imported.stdout)")
        let show = try CLI.run(["trustroot", "show", "sigstore"], state: scratch.state)
        #expect(show.stdout.contains(" tuf-update sha256:6494e21e"), "\(show.stdout)")
        #expect(show.stdout.contains("archive:with-tuf.tar#tuf/"), "\(show.stdout)")
        let bundles = try CLI.run(["bundles", "--output", "json"], state: scratch.state)
        #expect(bundles.stdout.contains(try #require(try Tool.bash.run(["-c", "sha256sum '\(archive.path)' | cut -c1-64"]).stdout.split(separator: "\n").first).description))
    }

    @Test("import --dir --update-trust-root reads DIR/tuf/")
    func importDirectoryUpdates() throws {
        let scratch = try ScratchDirectory("lifecycle")
        defer { scratch.remove() }
        #expect(try CLI.run(["trustroot", "pin-tuf", "sigstore", Self.rootV1], state: scratch.state).status == 0)
        let folder = scratch.url("release")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Corpus.url("tuf/sigstore-root-signing"), to: folder.appendingPathComponent("tuf"))
        let imported = try CLI.run(["import", "--dir", folder.path, "--update-trust-root", "sigstore", "--at", Self.at, "--output", "json"], state: scratch.state)
        #expect(imported.status == 0, "\(imported.output)")
        let document = try Self.json(imported)
        #expect((document["trustRootUpdate"] as? [String: Any])?["changed"] as? Bool == true, "\(imported.stdout.prefix(400))")
        #expect(document["imported"] != nil)
        #expect(try Self.roots(scratch)["sigstore"]?["status"] as? String == "tuf-updated")
    }

    @Test("a refused update refuses the import with its reason and leaves the store unchanged")
    func refusedUpdateRefusesImport() throws {
        let scratch = try ScratchDirectory("lifecycle")
        defer { scratch.remove() }
        #expect(try CLI.run(["trustroot", "pin-tuf", "sigstore", Self.rootV1], state: scratch.state).status == 0)
        let before = try CLI.run(["trustroot", "show", "sigstore", "--output", "json"], state: scratch.state)
        #expect(before.status == 0 && before.stdout.contains("\"status\" : \"tuf-pinned\""), "\(before.output)")
        let archive = try Self.tufArchive(scratch, name: "tampered") { tuf in
            let target = tuf.appendingPathComponent("targets/trusted_root.json")
            let handle = try FileHandle(forWritingTo: target)
            try handle.seekToEnd()
            try handle.write(contentsOf: Data("\n".utf8))
            try handle.close()
        }
        let refused = try CLI.run(["import", archive.path, "--update-trust-root", "sigstore", "--at", Self.at, "--output", "json"], state: scratch.state)
        #expect(refused.status == 1, "\(refused.output)")
        #expect(refused.stdout.contains("\"code\" : \"tuf.length-mismatch\""), "\(refused.stdout)")
        #expect(refused.stderr.contains("trusted_root.json: "), "\(refused.stderr)")
        let after = try CLI.run(["trustroot", "show", "sigstore", "--output", "json"], state: scratch.state)
        #expect(after.stdout == before.stdout)
        let bundles = try CLI.run(["bundles", "--output", "json"], state: scratch.state)
        #expect(!bundles.stdout.contains("tampered"), "nothing imported: \(bundles.stdout)")
        // An archive without tuf/ is bad input naming the option.
        let plain = scratch.url("plain.tar")
        let empty = scratch.url("plain-src")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        try Data("x".utf8).write(to: empty.appendingPathComponent("readme.txt"))
        #expect(try Tool.tar.run(["-cf", plain.path, "-C", empty.path, "readme.txt"]).status == 0)
        let none = try CLI.run(["import", plain.path, "--update-trust-root", "sigstore"], state: scratch.state)
        #expect(none.status == 2)
        #expect(none.stderr.contains("(no-tuf-folder)"), "\(none.stderr)")
    }

    @Test("witness add, list and remove; a bad key is refused with its reason")
    func witnessCommands() throws {
        let scratch = try ScratchDirectory("lifecycle")
        defer { scratch.remove() }
        let key = try Tool.openssl.run(["genpkey", "-algorithm", "ed25519", "-out", scratch.url("w.key").path])
        #expect(key.status == 0)
        #expect(try Tool.openssl.run(["pkey", "-in", scratch.url("w.key").path, "-pubout", "-out", scratch.url("w.pub").path]).status == 0)
        let added = try CLI.run(["trustroot", "witness", "add", "log.example.test", "w1.example.test", scratch.url("w.pub").path], state: scratch.state)
        #expect(added.status == 0, "\(added.output)")
        let verifierKey = try #require(added.stdout.split(separator: " ").last.map { String($0).trimmingCharacters(in: .whitespacesAndNewlines) })
        #expect(verifierKey.hasPrefix("w1.example.test+"))
        // The same key as a verifier key under another name is refused: the name is part of the key.
        let renamed = try CLI.run(["trustroot", "witness", "add", "log.example.test", "w2.example.test", verifierKey], state: scratch.state)
        #expect(renamed.status == 2 && renamed.stderr.contains("(bad-witness-key)"), "\(renamed.output)")
        let twice = try CLI.run(["trustroot", "witness", "add", "log.example.test", "w1.example.test", verifierKey], state: scratch.state)
        #expect(twice.stderr.contains("(witness-exists)"), "\(twice.output)")
        let list = try CLI.run(["trustroot", "witness", "list"], state: scratch.state)
        #expect(list.stdout.contains("log.example.test  w1.example.test  \(verifierKey)"), "\(list.stdout)")
        let logs = try CLI.run(["trustroot", "logs"], state: scratch.state)
        #expect(logs.stdout.contains("witnesses: w1.example.test"), "\(logs.stdout)")
        #expect(try CLI.run(["trustroot", "witness", "remove", "log.example.test", "w1.example.test"], state: scratch.state).status == 0)
        let gone = try CLI.run(["trustroot", "witness", "remove", "log.example.test", "w1.example.test"], state: scratch.state)
        #expect(gone.status == 2 && gone.stderr.contains("(unknown-witness)"), "\(gone.output)")
    }
}
