import Foundation
import Testing
import AirlockTestKit

/// `import --policy` of an archive with no image verified nothing: that is exit 1 with a reason,
/// never success, unless the operator passes `--allow-empty` for an evidence-only bundle.
@Suite("import --policy: nothing verified is not success")
struct NothingVerifiedCLITests {
    static let policy = Corpus.packageRoot.appendingPathComponent("bundles/demo-policy.yaml").path

    /// A scratch directory holding `a.tar`, a tarball of `files` (name → contents) made with GNU tar.
    func tarball(_ files: [String: String]) throws -> (ScratchDirectory, URL) {
        let scratch = try ScratchDirectory("empty")
        let content = try scratch.write(files: files.mapValues { Data($0.utf8) }, under: "content")
        return (scratch, try scratch.tar(content, as: "a.tar"))
    }

    @Test("an unrelated tar exits 1 with nothing-verified", arguments: [
        ["README.txt": "hello", "bin/tool": "#!/bin/sh\n"],
        ["manifest.json": "{\"name\":\"web app\",\"icons\":[]}", "index.html": "<html></html>"],
    ])
    func unrelatedTarFails(files: [String: String]) throws {
        let (root, archive) = try tarball(files)
        defer { root.remove() }
        let result = try CLI.run(["import", "--state", root.state.path, "--policy", Self.policy, archive.path])
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains("no images to verify") && result.stderr.contains("(nothing-verified)"), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test("JSON output carries the nothing-verified code")
    func json() throws {
        let (root, archive) = try tarball(["notes.txt": "x"])
        defer { root.remove() }
        let result = try CLI.run(["import", "--state", root.state.path, "--policy", Self.policy,
                                  "--output", "json", archive.path])
        #expect(result.status == 1)
        #expect(result.stdout.contains("\"nothing-verified\""), "\(result.stdout)")
    }

    @Test("--allow-empty accepts an evidence-only bundle")
    func allowEmpty() throws {
        let digest = String(repeating: "ab", count: 32)
        let (root, archive) = try tarball(["sha256:\(digest).jsonl": "{}\n"])
        defer { root.remove() }
        let result = try CLI.run(["import", "--state", root.state.path, "--policy", Self.policy,
                                  "--allow-empty", archive.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("no images to verify"))
    }

    @Test("--allow-empty without --policy is a usage error")
    func allowEmptyNeedsPolicy() throws {
        let result = try CLI.run(["import", "--allow-empty", "/nonexistent.tar"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--allow-empty only applies with --policy"), "\(result.stderr)")
    }
}
