import Foundation
import Testing
import AirlockTestKit

/// `verify-bundle --bundle FILE.jsonl` (what `gh attestation download` writes): every line is a bundle,
/// each verified; one line satisfying the identity is enough, as with `gh attestation verify`.
@Suite("airlock verify-bundle on JSON lines")
struct VerifyBundleLinesCLITests {
    static let jsonl = "sigstore/github-cli/attestation/sigstore-js-2.1.0_with_2_bundles.jsonl"
    static let digest = "sha512:90f223f992e4c88dd068cd2a5fc57f9d2b30798343dd6e38f29c240e04ba090ef831f84490847c4e82b9232c78e8a258463b1e55c0f7469f730265008fa6633f"
    static let san = "https://github.com/sigstore/sigstore-js/.github/workflows/release.yml@refs/heads/main"

    func args(bundle: String, san: String = san, _ extra: [String] = []) -> [String] {
        ["verify-bundle", "--bundle", bundle, "--certificate-identity", san,
         "--certificate-oidc-issuer", "https://token.actions.githubusercontent.com", "--at", "2026-10-01T00:00:00Z"] + extra + [Self.digest]
    }

    @Test("every line verifies; JSON lists each line's result", .enabled(if: Corpus.isAvailable, "corpus absent"))
    func everyLine() throws {
        let result = try CLI.run(args(bundle: Corpus.url(Self.jsonl).path, ["--output", "json"]))
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["verified"] as? Bool == true)
        let lines = try #require(object["lines"] as? [[String: Any]])
        #expect(lines.map { $0["line"] as? Int } == [1, 2])
        #expect(lines.allSatisfy { $0["verified"] as? Bool == true && ($0["result"] as? [String: Any])?["checks"] != nil })
    }

    @Test("one good line is enough; the failing line is reported", .enabled(if: Corpus.isAvailable, "corpus absent"))
    func oneGoodLine() throws {
        let good = try String(contentsOf: Corpus.url(Self.jsonl), encoding: .utf8).split(separator: "\n")[0]
        let other = try String(contentsOf: Corpus.url("sigstore/github-cli/attestation/sigstore.js-3.0.0.bundle.json"), encoding: .utf8)
        let compact = try JSONSerialization.data(withJSONObject: JSONSerialization.jsonObject(with: Data(other.utf8)))
        let scratch = try ScratchDirectory("lines")
        defer { scratch.remove() }
        let file = scratch.url("bundles.jsonl")
        try Data((String(decoding: compact, as: UTF8.self) + "\n" + good + "\n").utf8).write(to: file)
        let result = try CLI.run(args(bundle: file.path, ["--output", "json"]))
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let lines = try #require(object["lines"] as? [[String: Any]])
        #expect(lines.map { $0["verified"] as? Bool } == [false, true])
        let text = try CLI.run(args(bundle: file.path))
        #expect(text.stdout.contains("lines:      1 of 2 verified (line 2)"), "\(text.stdout)")
    }

    @Test("no line with the identity exits 1 naming the check", .enabled(if: Corpus.isAvailable, "corpus absent"))
    func noLine() throws {
        let result = try CLI.run(args(bundle: Corpus.url(Self.jsonl).path, san: "https://github.com/evil/repo/.github/workflows/x.yml@refs/heads/main"))
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("FAILED (none of 2 lines verified; line 1) identity:"), "\(result.stderr)")
    }

    @Test("a malformed line is bad input naming the line", .enabled(if: Corpus.isAvailable, "corpus absent"))
    func malformedLine() throws {
        let good = try String(contentsOf: Corpus.url(Self.jsonl), encoding: .utf8).split(separator: "\n")[0]
        let scratch = try ScratchDirectory("lines")
        defer { scratch.remove() }
        let file = scratch.url("bundles.jsonl")
        try Data((good + "\n{\"mediaType\": 1}\n").utf8).write(to: file)
        let result = try CLI.run(args(bundle: file.path))
        #expect(result.status == 2)
        #expect(result.stderr.contains("line 2:"), "\(result.stderr)")
    }
}
