import Foundation
import Testing
import AirlockTestKit

/// `airlock import` applies the consistency proofs of the archive's `checkpoints/` folder as
/// `trustroot checkpoint add` does (D23): a proof connects the larger checkpoint the archive's own
/// bundle carries, a failing proof is a split view, a malformed file changes nothing.
@Suite("Checkpoints carried in an archive")
struct ArchiveCheckpointsCLITests {
    /// A miniature Sigstore whose root is stored as `mini`, a policy over it, and a scratch state.
    final class Setup {
        let scratch: ScratchDirectory
        var sigstore: MiniSigstore
        let policy: String
        let at: String

        init() throws {
            scratch = try ScratchDirectory("archive-checkpoints")
            sigstore = try MiniSigstore()
            let root = try scratch.write(sigstore.trustedRootJSON(), as: "mini_root.json")
            let added = try CLI.run(["trustroot", "add", "mini", root.path], state: scratch.state)
            #expect(added.status == 0, "\(added.output)")
            policy = try scratch.write("""
                version: 1
                name: archive-checkpoints
                trustRoots:
                  - {name: mini, path: '\(root.path)'}
                rules:
                  - name: test images
                    match: {names: ["registry.test/*"]}
                    trustRoot: mini
                    signatures:
                      threshold: 1
                      signers:
                        - {issuer: 'https://token.actions.githubusercontent.com', sanRegex: '^https://github\\.com/mini-org/mini-repo/'}
                """, as: "policy.yaml").path
            at = ISO8601DateFormatter().string(from: sigstore.baseTime.addingTimeInterval(86_400))
        }

        /// A tree holding one image signed in the Rekor v2 log (the log grows by one) and `checkpoints`.
        func tree(_ name: String, checkpoints: [String: String] = [:]) throws -> URL {
            var layout = OCILayoutWriter()
            let image = layout.addImage(seed: name, name: "registry.test/app:\(name)")
            layout.addReferrer(to: image, bundle: try sigstore.messageBundle(artifact: image.manifest, identity: .githubWorkflow, options: .rekorV2).json)
            let folder = scratch.url("\(name)-tree")
            try layout.write(to: folder)
            for (file, text) in checkpoints {
                let url = folder.appendingPathComponent("checkpoints/\(file)")
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(text.utf8).write(to: url)
            }
            return folder
        }

        /// `tree` packed as `NAME.tar`.
        func archive(_ name: String, checkpoints: [String: String] = [:]) throws -> URL {
            try scratch.tar(try tree(name, checkpoints: checkpoints), as: "\(name).tar")
        }

        func importing(_ arguments: [String]) throws -> CommandResult {
            try CLI.run(["import"] + arguments + ["--policy", policy, "--at", at], state: scratch.state)
        }

        /// Imports a first archive (its checkpoint becomes the proven base); returns the base size.
        func holdBase() throws -> Int64 {
            let first = try importing([try archive("base").path])
            #expect(first.status == 0, "\(first.output)")
            return Int64(sigstore.rekorV2.tree.size)
        }

        /// An add-checkpoint body from `old` to the log's current size (`proof` replaces the real hashes).
        func body(old: Int64, proof: [Data]? = nil) throws -> String {
            let log = sigstore.rekorV2
            let hashes = proof ?? log.tree.consistencyProof(from: old, to: log.tree.size)
            return (["old \(old)"] + hashes.map(Base64Text.encode)).joined(separator: "\n") + "\n\n" + (try log.checkpoint())
        }

        func logs() throws -> CommandResult { try CLI.run(["trustroot", "logs", "--output", "json"], state: scratch.state) }
    }

    @Test("a proof in checkpoints/ connects the larger checkpoint the archive's bundle carries: held proven")
    func proofConnects() throws {
        let kit = try Setup()
        defer { kit.scratch.remove() }
        let old = try kit.holdBase()
        // The bundle is made first (the log grows), then the proof to the grown size is written.
        let folder = try kit.tree("grown")
        let grown = kit.sigstore.rekorV2.tree.size
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("checkpoints"), withIntermediateDirectories: true)
        try Data(try kit.body(old: old).utf8).write(to: folder.appendingPathComponent("checkpoints/rekor.txt"))
        let imported = try kit.importing([try kit.scratch.tar(folder, as: "grown.tar").path])
        #expect(imported.status == 0, "\(imported.output)")
        #expect(imported.stdout.contains("checkpoints/rekor.txt: connected: \(kit.sigstore.rekorV2.host) at size \(grown) (trust root mini): consistent with the held checkpoint of size \(old)"),
                "\(imported.stdout)")
        #expect(imported.stdout.contains("1 passed, 0 failed"), "\(imported.stdout)")
        let logs = try CLI.run(["trustroot", "logs"], state: kit.scratch.state)
        #expect(logs.stdout.contains("size \(old)  proven"), "\(logs.stdout)")
        #expect(logs.stdout.contains("size \(grown)  proven"), "\(logs.stdout)")
        #expect(!logs.stdout.contains("unproven") && !logs.stdout.contains("SPLIT VIEW"), "\(logs.stdout)")
    }

    @Test("from standard input too, in the import's single pass; the proof file is trust material, never a release artifact")
    func proofThroughStandardInput() throws {
        let kit = try Setup()
        defer { kit.scratch.remove() }
        let old = try kit.holdBase()
        let folder = try kit.tree("piped")
        let grown = kit.sigstore.rekorV2.tree.size
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("checkpoints"), withIntermediateDirectories: true)
        try Data(try kit.body(old: old).utf8).write(to: folder.appendingPathComponent("checkpoints/rekor.txt"))
        let archive = try kit.scratch.tar(folder, as: "piped.tar")
        let imported = try CLI.run(["import", "-", "--policy", kit.policy, "--at", kit.at], state: kit.scratch.state, stdin: .file(archive))
        #expect(imported.status == 0, "\(imported.output)")
        #expect(imported.stdout.contains("checkpoints/rekor.txt: connected: \(kit.sigstore.rekorV2.host) at size \(grown)"), "\(imported.stdout)")
        let artifacts = try CLI.run(["artifacts"], state: kit.scratch.state)
        #expect(artifacts.status == 0, "\(artifacts.output)")
        #expect(artifacts.stdout.contains("no artifacts imported"), "\(artifacts.stdout)")
        #expect(!imported.stdout.contains("NOT VERIFIED"), "\(imported.stdout)")
    }

    @Test("nothing held yet: a proof from the archive's own bundle's checkpoint is applied after verification; without --policy it is no-base")
    func proofFromTheBundlesOwnCheckpoint() throws {
        let kit = try Setup()
        defer { kit.scratch.remove() }
        let folder = try kit.tree("own")
        let own = kit.sigstore.rekorV2.tree.size
        _ = kit.sigstore.rekorV2.append(body: Data("later".utf8))
        let later = kit.sigstore.rekorV2.tree.size
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("checkpoints"), withIntermediateDirectories: true)
        try Data(try kit.body(old: own).utf8).write(to: folder.appendingPathComponent("checkpoints/later.txt"))
        // Without --policy nothing holds the bundle's checkpoint: the proof cannot be checked and is ignored.
        let plain = try CLI.run(["import", "--dir", folder.path], state: kit.scratch.state)
        #expect(plain.status == 0, "\(plain.output)")
        #expect(plain.stdout.contains("checkpoints/later.txt: no-base: \(kit.sigstore.rekorV2.host) at size \(later): no checkpoint of size \(own) is held"),
                "\(plain.stdout)")
        // With --policy the verification holds the bundle's checkpoint first; the proof then connects the later one.
        let verified = try kit.importing([try kit.scratch.tar(folder, as: "own.tar").path, "--output", "json"])
        #expect(verified.status == 0, "\(verified.output)")
        let document = try #require(try JSONSerialization.jsonObject(with: verified.stdoutData) as? [String: Any], "\(verified.stdout)")
        let files = try #require((document["imported"] as? [String: Any])?["checkpoints"] as? [[String: Any]], "\(verified.stdout)")
        #expect(files.first?["outcome"] as? String == "connected", "\(files)")
        #expect(files.first?["size"] as? Int == Int(later))
        let logs = try CLI.run(["trustroot", "logs"], state: kit.scratch.state)
        #expect(logs.stdout.contains("size \(own)  proven") && logs.stdout.contains("size \(later)  proven"), "\(logs.stdout)")
    }

    @Test("a proof that fails is a split view: exit 1 naming the file, recorded, the log then refused")
    func badProofIsSplitView() throws {
        let kit = try Setup()
        defer { kit.scratch.remove() }
        let old = try kit.holdBase()
        let folder = try kit.tree("forged")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("checkpoints"), withIntermediateDirectories: true)
        try Data(try kit.body(old: old, proof: [Data(repeating: 7, count: 32)]).utf8).write(to: folder.appendingPathComponent("checkpoints/bad.txt"))
        let imported = try kit.importing([try kit.scratch.tar(folder, as: "forged.tar").path])
        #expect(imported.status == 1, "\(imported.output)")
        #expect(imported.stderr.contains("checkpoints/bad.txt: split view: "), "\(imported.stderr)")
        #expect(imported.stderr.contains("(tlog-split-view)"), "\(imported.stderr)")
        let logs = try CLI.run(["trustroot", "logs"], state: kit.scratch.state)
        #expect(logs.stdout.contains("\(kit.sigstore.rekorV2.host)  SPLIT VIEW"), "\(logs.stdout)")
        #expect(!logs.stdout.contains("size \(kit.sigstore.rekorV2.tree.size)  proven"), "the refused checkpoint is not held proven: \(logs.stdout)")
    }

    @Test("a malformed file in checkpoints/ is bad input naming the file and line (exit 2); the store is unchanged")
    func malformedFileChangesNothing() throws {
        let kit = try Setup()
        defer { kit.scratch.remove() }
        let old = try kit.holdBase()
        let bundlesBefore = try CLI.run(["bundles", "--output", "json"], state: kit.scratch.state).stdout
        let logsBefore = try kit.logs().stdout
        let broken = "old \(old)\nnot base64!\n\n" + (try kit.sigstore.rekorV2.checkpoint())
        let archive = try kit.archive("broken", checkpoints: ["broken.checkpoint": broken])
        let imported = try kit.importing([archive.path])
        #expect(imported.status == 2, "\(imported.output)")
        #expect(imported.stderr.contains("checkpoints/broken.checkpoint: line 2: consistency proof hash 1 is not base64 of 32 bytes (bad-checkpoint)"),
                "\(imported.stderr)")
        #expect(try CLI.run(["bundles", "--output", "json"], state: kit.scratch.state).stdout == bundlesBefore, "nothing imported")
        #expect(try kit.logs().stdout == logsBefore, "no checkpoint held")
        // A note that does not parse as a checkpoint is refused the same way, with its line.
        let garbled = try kit.archive("garbled", checkpoints: ["x.txt": "old \(old)\n\nnot a note\n"])
        let refused = try kit.importing([garbled.path])
        #expect(refused.status == 2, "\(refused.output)")
        #expect(refused.stderr.contains("checkpoints/x.txt: line 3: the checkpoint does not parse"), "\(refused.stderr)")
        #expect(try CLI.run(["bundles", "--output", "json"], state: kit.scratch.state).stdout == bundlesBefore, "nothing imported")
    }

    @Test("import --dir: a checkpoint no trust root's log verifies is reported unknown-log and ignored (JSON lists each file)")
    func unknownLogIsIgnored() throws {
        let kit = try Setup()
        defer { kit.scratch.remove() }
        _ = try kit.holdBase()
        let logsBefore = try kit.logs().stdout
        // Another miniature Sigstore's log (its own random key): no trust root's log verifies its notes.
        let foreign = try MiniSigstore().rekorV2.checkpoint()
        let folder = try kit.tree("elsewhere", checkpoints: ["other.checkpoint": foreign, "README.md": "not read"])
        let imported = try CLI.run(["import", "--dir", folder.path, "--output", "json"], state: kit.scratch.state)
        #expect(imported.status == 0, "\(imported.output)")
        let document = try #require(try JSONSerialization.jsonObject(with: imported.stdoutData) as? [String: Any], "\(imported.stdout)")
        let files = try #require(document["checkpoints"] as? [[String: Any]], "\(imported.stdout)")
        #expect(files.count == 1, "only .txt and .checkpoint files are read: \(files)")
        #expect(files.first?["file"] as? String == "checkpoints/other.checkpoint")
        #expect(files.first?["outcome"] as? String == "unknown-log")
        #expect((files.first?["message"] as? String)?.hasPrefix("no log of any trust root (") == true, "\(files)")
        #expect(try kit.logs().stdout == logsBefore, "nothing held for the unknown log")
    }
}
