import Foundation
import Testing
import AirlockTestKit

/// `airlock policy check`, `verify`, `import --policy`, `images` and `replay` end to end, with their exit
/// codes: 0 all passed / identical, 1 some failed / differ, 2 bad input.
struct VerdictCLITests {
    static let digest = "sha256:a74d89d8dd863ca5dae4a29e0feede81ddf59197849a80784af5a02ab7786925"

    static func policy(_ ref: String) -> String {
        """
        version: 1
        name: cli
        rules:
          - match: {digests: ["\(digest)"]}
            attestations:
              - predicateType: https://slsa.dev/provenance/v0.2
                signers: [{issuer: https://token.actions.githubusercontent.com, sanRegex: '^https://github\\.com/slsa-framework/slsa-github-generator/'}]
                slsa:
                  builderIDs: [https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_container_slsa3.yml]
                  sourceRepository: github.com/slsa-framework/example-package
                  \(ref)
        """
    }

    @Test(.enabled(if: Corpus.isAvailable, "corpus absent"))
    func importVerifyImagesReplay() throws {
        let root = try ScratchDirectory("cli")
        defer { root.remove() }
        let state = root.state.path
        let tar = try OutputPathCLITests.layoutTarball(in: root).path
        let good = root.url("good.yaml").path
        let bad = root.url("bad.yaml").path
        let broken = root.url("broken.yaml").path
        try Self.policy("branch: main").write(toFile: good, atomically: true, encoding: .utf8)
        try Self.policy("branch: master").write(toFile: bad, atomically: true, encoding: .utf8)
        try Self.policy("branch: main").replacingOccurrences(of: "builderIDs", with: "builderIds").write(toFile: broken, atomically: true, encoding: .utf8)

        let check = try CLI.run(["policy", "check", good])
        #expect(check.status == 0)
        #expect(check.stdout.contains("sha256:"))
        let lint = try CLI.run(["policy", "check", broken])
        #expect(lint.status == 2)
        #expect(lint.stderr.contains("rules[0].attestations[0].slsa.builderIds"))
        #expect(lint.stderr.contains("unknown-key"))

        let imported = try CLI.run(["import", "--state", state, "--policy", good, tar])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("PASS  \(Self.digest)"))
        let failed = try CLI.run(["verify", "--state", state, Self.digest, "--policy", bad, "--at", "2026-01-01T00:00:00Z"])
        #expect(failed.status == 1)
        #expect(failed.stdout.contains("first failure: attestation[0].784c5bd14237.slsa.ref: source branch main is not master"))
        let images = try CLI.run(["images", "--state", state])
        #expect(images.stdout.contains("verdict:   FAIL at 2026-01-01T00:00:00Z"))
        #expect(images.stdout.contains("failed:    attestation[0].784c5bd14237.slsa.ref"))
        let json = try CLI.run(["verify", "--state", state, "--all", "--policy", good, "--output", "json"])
        #expect(json.status == 0)
        #expect(json.stdout.contains("\"result\" : \"PASS\""))
        let missing = try CLI.run(["verify", "--state", state, "registry.example/nothing", "--policy", good])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no imported image has digest or name"))
        let replay = try CLI.run(["replay", "--state", state, "--all"])
        #expect(replay.status == 0, "\(replay.stdout)")
        #expect(replay.stdout.contains(" identical, 0 different"))
        #expect(!replay.stdout.contains("DIFFERENT"))
        let unknown = try CLI.run(["replay", "--state", state, "ffff"])
        #expect(unknown.status == 2 && unknown.stderr.contains("no recorded verdict") && unknown.stderr.contains("(unknown-verdict)"),
                "\(unknown.stderr)")
    }
}
