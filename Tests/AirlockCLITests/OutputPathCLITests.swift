import Foundation
import Testing
import AirlockTestKit

/// One failure and output path: every `--output json` failure is a `{"schemaVersion", "error"}` object,
/// exit codes follow the error's kind, read-only commands create nothing, untrusted text is escaped.
@Suite("One failure and output path")
struct OutputPathCLITests {
    /// Parses stdout as one JSON object and returns its `error` object, checking `schemaVersion`.
    func errorObject(_ result: CommandResult) throws -> [String: Any] {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stdout)")
        #expect(object["schemaVersion"] as? Int == 1)
        return try #require(object["error"] as? [String: Any], "\(result.stdout)")
    }

    /// The corpus layout the verdict tests import, as a tarball in `scratch`.
    static func layoutTarball(in scratch: ScratchDirectory) throws -> URL {
        try scratch.tar(Corpus.url("slsa/slsa-verifier/testdata/gha_generic_container/v1.4.0/container_workflow_dispatch"), as: "layout.tar")
    }

    @Test("a usage error is bad input: exit 2, one line naming the option, a JSON error object with code usage")
    func usageErrors() throws {
        let missing = try CLI.run(["verify-bundle", "--output", "json", "sha256:" + String(repeating: "ab", count: 32)])
        #expect(missing.status == 2, "\(missing.stderr)")
        #expect(missing.stderr.contains("--bundle") && missing.stderr.contains("(usage)"), "\(missing.stderr)")
        let error = try errorObject(missing)
        #expect(error["code"] as? String == "usage")
        #expect((error["reason"] as? String)?.contains("--bundle") == true)
        let refused = try CLI.run(["verify", "--all", "sha256:" + String(repeating: "ab", count: 32)])
        #expect(refused.status == 2 && refused.stderr.contains("give an IMAGE or --all"), "\(refused.stderr)")
        #expect(refused.stdout.isEmpty, "text output prints no JSON: \(refused.stdout)")
        let help = try CLI.run(["--help"])
        #expect(help.status == 0 && help.stdout.contains("verify-bundle"))
    }

    @Test("verify-bundle: a missing bundle with --output json is a JSON error object, exit 2")
    func verifyBundleBadInputJSON() throws {
        let scratch = try ScratchDirectory("cli")
        defer { scratch.remove() }
        let missing = scratch.url("none.sigstore.json").path
        let result = try CLI.run(["verify-bundle", "--bundle", missing, "--certificate-identity", "a@example.com",
                                  "--certificate-oidc-issuer", "https://issuer.example", "--output", "json",
                                  "sha256:" + String(repeating: "ab", count: 32)])
        #expect(result.status == 2, "\(result.stderr)")
        let error = try errorObject(result)
        #expect(error["code"] as? String == "unreadable")
        #expect(error["kind"] as? String == "bad-input")
        #expect(error["file"] as? String == missing)
        #expect(result.stderr.split(separator: "\n").count == 1 && result.stderr.contains(missing), "\(result.stderr)")
    }

    @Test("verify-layout: a missing layout with --output json is a JSON error object, exit 2")
    func verifyLayoutMissingFileJSON() throws {
        let scratch = try ScratchDirectory("cli")
        defer { scratch.remove() }
        let missing = scratch.url("root.layout").path
        let result = try CLI.run(["verify-layout", "--layout", missing, "--layout-key", missing, "--links",
                                  scratch.root.path, "--output", "json", "--at", "2026-06-01T00:00:00Z"])
        #expect(result.status == 2, "\(result.stderr)")
        let error = try errorObject(result)
        #expect(error["code"] as? String == "unreadable")
        #expect((error["reason"] as? String)?.contains("no such file") == true, "\(error)")
        #expect(result.stderr.contains(missing))
    }

    @Test("verify-layout: --at goes through the shared parser (bad instant is exit 2 naming --at)")
    func verifyLayoutBadInstant() throws {
        let scratch = try ScratchDirectory("cli")
        defer { scratch.remove() }
        let missing = scratch.url("root.layout").path
        let result = try CLI.run(["verify-layout", "--layout", missing, "--layout-key", missing, "--links", missing, "--at", "tomorrow"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--at") && result.stderr.contains("not an RFC 3339 instant"), "\(result.stderr)")
    }

    @Test("read-only commands on a missing state directory: exit 2 naming the path, nothing created",
          arguments: [["images"], ["bundles"], ["approvals", "list"], ["replay", "--all"], ["verify", "--all"]])
    func missingState(_ command: [String]) throws {
        let scratch = try ScratchDirectory("cli")
        defer { scratch.remove() }
        let state = scratch.state
        let result = try CLI.run(command + ["--state", state.path, "--output", "json"])
        #expect(result.status == 2, "\(command): \(result.stderr)")
        #expect(try errorObject(result)["code"] as? String == "missing-state")
        #expect(result.stderr.contains(state.path), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: state.path), "\(command) created \(state.path)")
    }

    @Test("keys show on a missing state directory: exit 2, nothing created")
    func keysShowCreatesNothing() throws {
        let scratch = try ScratchDirectory("cli")
        defer { scratch.remove() }
        let state = scratch.state
        let result = try CLI.run(["keys", "show", "--state", state.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("keys init"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: state.path))
    }

    @Test("import --policy with a bad policy: exit 2, nothing imported", .enabled(if: Corpus.isAvailable, "corpus absent"))
    func importBadPolicy() throws {
        let root = try ScratchDirectory("cli")
        defer { root.remove() }
        let tar = try Self.layoutTarball(in: root)
        let policy = root.url("bad.yaml")
        try Data("version: 1\nrules: []\n".utf8).write(to: policy)
        let state = root.url("state")
        let result = try CLI.run(["import", "--state", state.path, "--policy", policy.path, tar.path, "--output", "json"])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(try errorObject(result)["code"] as? String == "policy.empty-requirement")
        #expect(result.stderr.contains(policy.path), "\(result.stderr)")
        let bundles = try CLI.run(["bundles", "--state", state.path])
        #expect(bundles.status == 2 && bundles.stderr.contains("missing-state"), "store was touched: \(bundles.stdout)")
    }

    @Test("import - reads the archive from standard input; unknown references are exit 2 everywhere",
          .enabled(if: Corpus.isAvailable, "corpus absent"))
    func importFromStandardInput() throws {
        let root = try ScratchDirectory("cli")
        defer { root.remove() }
        let tar = try Self.layoutTarball(in: root)
        let state = root.url("state").path
        let imported = try CLI.run(["import", "--state", state, "-", "--output", "json"], stdin: .file(tar))
        #expect(imported.status == 0, "\(imported.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(imported.stdout.utf8)) as? [String: Any])
        #expect(object["schemaVersion"] as? Int == 1)
        let sha = try #require((object["bundle"] as? [String: Any])?["archiveSHA256"] as? String)
        let again = try CLI.run(["import", "--state", state, tar.path])
        #expect(again.stdout.contains("already imported") && again.stdout.contains(sha), "\(again.stdout)")

        let policy = root.url("good.yaml")
        try Data(VerdictCLITests.policy("branch: main").utf8).write(to: policy)
        let approve = try CLI.run(["approve", "registry.example/unknown:1", "--state", state, "--policy", policy.path,
                                   "--out", root.url("out").path, "--output", "json"])
        #expect(approve.status == 2, "\(approve.stdout)\(approve.stderr)")
        #expect(try errorObject(approve)["code"] as? String == "unknown-image")
        let unknownDigest = "sha256:" + String(repeating: "0f", count: 32)
        let approveDigest = try CLI.run(["approve", unknownDigest, "--state", state, "--policy", policy.path,
                                         "--out", root.url("out2").path, "--output", "json"])
        #expect(approveDigest.status == 2 && approveDigest.stderr.contains("no image with this digest was imported"), "\(approveDigest.stderr)")
        #expect(try errorObject(approveDigest)["code"] as? String == "unknown-image")
        let verifyDigest = try CLI.run(["verify", unknownDigest, "--state", state, "--policy", policy.path, "--output", "json"])
        #expect(verifyDigest.status == 2, "\(verifyDigest.stderr)")
        #expect(try errorObject(verifyDigest)["code"] as? String == "unknown-image")
        let wildcard = try CLI.run(["revoke", "%", "--reason", "test", "--state", state, "--output", "json"])
        #expect(wildcard.status == 2 && wildcard.stderr.contains("%"), "\(wildcard.stderr)")
        #expect(try errorObject(wildcard)["code"] as? String == "invalid-id")
        let verify = try CLI.run(["verify", "registry.example/unknown:1", "--state", state, "--policy", policy.path, "--output", "json"])
        #expect(verify.status == 2 && verify.stderr.contains("no imported image"), "\(verify.stderr)")
        #expect(try errorObject(verify)["code"] as? String == "unknown-image")
        let images = try CLI.run(["images", "--bundle", "ffffffff", "--state", state, "--output", "json"])
        #expect(images.status == 2)
        #expect(try errorObject(images)["code"] as? String == "unknown-bundle")
        let revoke = try CLI.run(["revoke", "ffff", "--reason", "test", "--state", state, "--output", "json"])
        #expect(revoke.status == 2 && revoke.stderr.contains("no approval matches"), "\(revoke.stderr)")
        #expect(try errorObject(revoke)["code"] as? String == "unknown-approval")
        let replay = try CLI.run(["replay", "ffff", "--state", state, "--output", "json"])
        #expect(replay.status == 2 && replay.stderr.contains("no recorded verdict"), "\(replay.stderr)")
        #expect(try errorObject(replay)["code"] as? String == "unknown-verdict")
    }

    @Test("control characters in untrusted text (a file name) are escaped before the terminal")
    func controlCharactersEscaped() throws {
        let root = try ScratchDirectory("cli")
        defer { root.remove() }
        let file = root.url("evil\u{1B}[2J\u{07}name.tar")
        try Data(String(repeating: "not a tar ", count: 200).utf8).write(to: file)
        let result = try CLI.run(["import", "--state", root.url("state").path, file.path])
        #expect(result.status == 2)
        #expect(!result.stderr.contains("\u{1B}") && !result.stderr.contains("\u{07}"), "\(result.stderr.debugDescription)")
        #expect(result.stderr.contains("evil\\u{1B}[2J\\u{7}name.tar"), "\(result.stderr)")
        #expect(result.stderr.contains("corrupt-archive"))
    }
}
