import Foundation
import Testing
import AirlockTestKit

/// `airlock trustroot list|show|add|remove` and `--trust-root NAME` resolving a stored root first.
@Suite("Stored trust roots")
struct TrustRootCLITests {
    static func path(_ relative: String) -> String { Corpus.packageRoot.appendingPathComponent(relative).path }

    static func json(_ result: CommandResult) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any], "\(result.stdout)")
    }

    @Test("add, list, show and remove a stored root round-trip, each change an event")
    func roundTrip() throws {
        let scratch = try ScratchDirectory("trustroot")
        defer { scratch.remove() }
        let added = try CLI.run(["trustroot", "add", "site-demo", Self.path("trustroot/demo/trusted_root.json"), "--output", "json"], state: scratch.state)
        #expect(added.status == 0, "\(added.output)")
        let entry = try Self.json(added)
        #expect(entry["name"] as? String == "site-demo")
        #expect(entry["kind"] as? String == "stored")

        let list = try CLI.run(["trustroot", "list", "--output", "json"], state: scratch.state)
        let roots = try #require(try Self.json(list)["trustRoots"] as? [[String: Any]])
        #expect(roots.map { $0["name"] as? String } == ["demo", "public-good", "site-demo"])
        #expect(roots[2]["sha256"] as? String == roots[0]["sha256"] as? String, "same bytes as the embedded demo root")

        let show = try CLI.run(["trustroot", "show", "site-demo"], state: scratch.state)
        #expect(show.status == 0, "\(show.output)")
        #expect(show.stdout.contains("site-demo  stored"))
        #expect(show.stdout.contains(" add sha256:"))

        let removed = try CLI.run(["trustroot", "remove", "site-demo"], state: scratch.state)
        #expect(removed.status == 0, "\(removed.output)")
        let after = try CLI.run(["trustroot", "list", "--output", "json"], state: scratch.state)
        #expect((try Self.json(after)["trustRoots"] as? [[String: Any]])?.count == 2)
        let gone = try CLI.run(["trustroot", "show", "site-demo", "--output", "json"], state: scratch.state)
        #expect(gone.status == 2)
        #expect(gone.stdout.contains("\"code\" : \"unknown-trust-root\""), "\(gone.stdout)")
    }

    @Test("an embedded root cannot be removed, nor its name reused")
    func embeddedRefused() throws {
        let scratch = try ScratchDirectory("trustroot")
        defer { scratch.remove() }
        let remove = try CLI.run(["trustroot", "remove", "public-good", "--output", "json"], state: scratch.state)
        #expect(remove.status == 2)
        #expect(remove.stdout.contains("\"code\" : \"embedded-trust-root\""), "\(remove.stdout)")
        #expect(remove.stderr.contains("embedded in the binary and cannot be removed"), "\(remove.stderr)")
        let add = try CLI.run(["trustroot", "add", "demo", Self.path("trustroot/demo/trusted_root.json")], state: scratch.state)
        #expect(add.status == 2)
        #expect(add.stderr.contains("(embedded-trust-root)"), "\(add.stderr)")
    }

    @Test("an invalid trusted_root.json is refused with the parser's reason, a taken name and a bad name too")
    func invalidRefused() throws {
        let scratch = try ScratchDirectory("trustroot")
        defer { scratch.remove() }
        let bad = try scratch.write(#"{"mediaType": "application/vnd.dev.sigstore.trustedroot+json;version=0.1", "tlogs": 3}"#, as: "bad.json")
        let result = try CLI.run(["trustroot", "add", "broken", bad.path, "--output", "json"], state: scratch.state)
        #expect(result.status == 2)
        #expect(result.stdout.contains("\"code\" : \"invalid-trust-root\""), "\(result.stdout)")
        #expect(result.stderr.contains("not a valid trusted_root.json: "), "\(result.stderr)")
        #expect(result.stderr.contains("tlogs"), "the parser's reason names the field: \(result.stderr)")
        let name = try CLI.run(["trustroot", "add", "Bad/Name", Self.path("trustroot/demo/trusted_root.json")], state: scratch.state)
        #expect(name.stderr.contains("(bad-trust-root-name)"), "\(name.stderr)")
        #expect(try CLI.run(["trustroot", "add", "x", Self.path("trustroot/demo/trusted_root.json")], state: scratch.state).status == 0)
        let twice = try CLI.run(["trustroot", "add", "x", Self.path("trustroot/demo/trusted_root.json")], state: scratch.state)
        #expect(twice.stderr.contains("(trust-root-exists)"), "\(twice.stderr)")
    }

    @Test("verify-bundle --trust-root NAME uses the stored root of that name")
    func verifyWithStoredRoot() throws {
        let scratch = try ScratchDirectory("trustroot")
        defer { scratch.remove() }
        #expect(try CLI.run(["trustroot", "add", "site-demo", Self.path("trustroot/demo/trusted_root.json")], state: scratch.state).status == 0)
        let signer = ["--certificate-identity", "https://github.com/example/demo-app/.github/workflows/release.yml@refs/tags/v1.0.0",
                      "--certificate-oidc-issuer", "https://token.actions.githubusercontent.com"]
        let verify = try CLI.run(["verify-bundle", "--bundle", Self.path("bundles/demo/release-notes.txt.sigstore.json"), "--trust-root", "site-demo"]
            + signer + [Self.path("bundles/demo/release-notes.txt")], state: scratch.state)
        #expect(verify.status == 0, "\(verify.output)")
        #expect(verify.stdout.contains("trust root: stored:site-demo sha256:"), "\(verify.stdout)")
        // Without the store the name is unknown.
        let other = try ScratchDirectory("trustroot-empty")
        defer { other.remove() }
        let unknown = try CLI.run(["verify-bundle", "--bundle", Self.path("bundles/demo/release-notes.txt.sigstore.json"), "--trust-root", "site-demo"]
            + signer + [Self.path("bundles/demo/release-notes.txt")], state: other.state)
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("(unknown-trust-root)"), "\(unknown.stderr)")
    }

    @Test("a site policy names a stored root: policy check, import --policy, the verdict records it by digest, replay identical")
    func policyWithStoredRoot() throws {
        let scratch = try ScratchDirectory("trustroot-policy")
        defer { scratch.remove() }
        #expect(try CLI.run(["trustroot", "add", "site-demo", Self.path("trustroot/demo/trusted_root.json")], state: scratch.state).status == 0)
        let demo = try String(contentsOfFile: Self.path("bundles/demo-policy.yaml"), encoding: .utf8)
        #expect(demo.contains("trustRoot: demo"))
        let policy = try scratch.write(demo.replacingOccurrences(of: "trustRoot: demo", with: "trustRoot: site-demo"), as: "site-policy.yaml")
        let checked = try CLI.run(["policy", "check", policy.path, "--state", scratch.state.path])
        #expect(checked.status == 0 && checked.stdout.contains("trust roots site-demo"), "\(checked.output)")
        // Without a state directory holding it, the name is unknown to the policy.
        let elsewhere = try CLI.run(["policy", "check", policy.path, "--state", scratch.url("none").path])
        #expect(elsewhere.status == 2 && elsewhere.stderr.contains("site-demo"), "\(elsewhere.output)")
        let imported = try CLI.run(["import", Self.path("bundles/demo-release.tar.gz"), "--policy", policy.path, "--output", "json"], state: scratch.state)
        #expect(imported.status == 0, "\(imported.output)")
        #expect(imported.stdout.contains("\"result\" : \"PASS\"") && !imported.stdout.contains("\"result\" : \"FAIL\""), "\(imported.stdout.prefix(400))")
        let replay = try CLI.run(["replay", "--all"], state: scratch.state)
        #expect(replay.status == 0 && replay.stdout.contains("0 different"), "\(replay.output)")
        // The verdict names the stored root and the digest of its bytes.
        let shown = try CLI.run(["trustroot", "show", "site-demo", "--output", "json"], state: scratch.state)
        let entry = try #require((try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])?["entry"] as? [String: Any])
        let sha = try #require(entry["sha256"] as? String)
        let trace = try CLI.run(["trace", "demo/app:1.0.0", "--output", "json"], state: scratch.state)
        #expect(trace.status == 0 && trace.stdout.contains("verifying against trust root \\\"site-demo\\\"") && trace.stdout.contains("sha256:\(sha)"),
                "\(trace.output.prefix(600))")
    }
}
