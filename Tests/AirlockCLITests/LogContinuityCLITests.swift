import Foundation
import Testing
import AirlockTestKit

/// `verify-bundle --state` keeps log continuity as `verify` does, and `trustroot show`/`logs` report it.
@Suite("Log continuity from the CLI")
struct LogContinuityCLITests {
    @Test("verify-bundle --state holds the first checkpoint; a forked log's same-size checkpoint is a split view in the result, show and logs")
    func verifyBundleSplitView() throws {
        let scratch = try ScratchDirectory("continuity")
        defer { scratch.remove() }
        var sigstore = try MiniSigstore()
        var fork = sigstore  // same keys, diverging tree
        let root = try scratch.write(sigstore.trustedRootJSON(), as: "mini_root.json")
        #expect(try CLI.run(["trustroot", "add", "mini", root.path], state: scratch.state).status == 0)
        let a = try sigstore.messageBundle(artifact: Data("a".utf8), identity: .githubWorkflow, options: .rekorV2)
        let b = try fork.messageBundle(artifact: Data("b".utf8), identity: .githubWorkflow, options: .rekorV2)
        let files = try scratch.write(files: ["a.txt": Data("a".utf8), "b.txt": Data("b".utf8), "a.json": a.json, "b.json": b.json], under: "in")
        let formatter = ISO8601DateFormatter()
        let at = formatter.string(from: sigstore.baseTime.addingTimeInterval(86_400))
        func verify(_ name: String) throws -> CommandResult {
            try CLI.run(["verify-bundle", "--bundle", files.appendingPathComponent("\(name).json").path, "--trust-root", "mini",
                         "--certificate-identity-regexp", ".", "--certificate-oidc-issuer-regexp", ".", "--at", at,
                         files.appendingPathComponent("\(name).txt").path], state: scratch.state)
        }
        let first = try verify("a")
        #expect(first.status == 0, "\(first.output)")
        let held = try CLI.run(["trustroot", "logs"], state: scratch.state)
        #expect(held.stdout.contains("\(sigstore.rekorV2.host)\n  size \(sigstore.rekorV2.tree.size)  proven"), "\(held.stdout)")

        let refused = try verify("b")
        #expect(refused.status == 1, "\(refused.output)")
        #expect(refused.stderr.contains("FAILED tlog.continuity: split view: checkpoint of \(sigstore.rekorV2.host) at size \(fork.rekorV2.tree.size) has root"),
                "\(refused.stderr)")
        let logs = try CLI.run(["trustroot", "logs", "--output", "json"], state: scratch.state)
        let list = try #require(try JSONSerialization.jsonObject(with: logs.stdoutData) as? [String: Any])
        let entry = try #require((list["logs"] as? [[String: Any]])?.first)
        #expect((entry["checkpoints"] as? [[String: Any]])?.count == 1, "the held checkpoint is unchanged")
        let split = try #require((entry["splitViews"] as? [[String: Any]])?.first)
        #expect(split["otherNoteSHA256"] as? String == (entry["checkpoints"] as? [[String: Any]])?.first?["noteSHA256"] as? String)
        let show = try CLI.run(["trustroot", "show", "mini"], state: scratch.state)
        #expect(show.stdout.contains("  log:\n\(sigstore.rekorV2.host)  SPLIT VIEW"), "\(show.stdout)")
        // The held log is now distrusted: even the first bundle fails.
        let again = try verify("a")
        #expect(again.status == 1 && again.stderr.contains("a split view of \(sigstore.rekorV2.host) is recorded"), "\(again.output)")
    }

    @Test("trustroot checkpoint add: a consistency proof connects a larger checkpoint (exit 0); a forked history is a split view (exit 1)")
    func checkpointAdd() throws {
        let scratch = try ScratchDirectory("continuity")
        defer { scratch.remove() }
        var sigstore = try MiniSigstore()
        var fork = sigstore
        let root = try scratch.write(sigstore.trustedRootJSON(), as: "mini_root.json")
        #expect(try CLI.run(["trustroot", "add", "mini", root.path], state: scratch.state).status == 0)
        let log = sigstore.rekorV2
        let first = try scratch.write(try log.checkpoint(), as: "first.note")
        let held = try CLI.run(["trustroot", "checkpoint", "add", first.path, "--trust-root", "mini"], state: scratch.state)
        #expect(held.status == 0 && held.stdout.contains("first: \(log.host) at size \(log.tree.size)"), "\(held.output)")
        let old = log.tree.size
        _ = sigstore.rekorV2.append(body: Data("next".utf8))
        let grown = sigstore.rekorV2
        let body = (["old \(old)"] + grown.tree.consistencyProof(from: old, to: grown.tree.size).map(Base64Text.encode)).joined(separator: "\n")
            + "\n\n" + (try grown.checkpoint())
        let connected = try CLI.run(["trustroot", "checkpoint", "add", try scratch.write(body, as: "grown.txt").path, "--trust-root", "mini", "--output", "json"],
                                    state: scratch.state)
        #expect(connected.status == 0 && connected.stdout.contains("\"outcome\" : \"connected\""), "\(connected.output)")
        _ = fork.rekorV2.append(body: Data("other".utf8))
        let forked = (["old \(old)"] + fork.rekorV2.tree.consistencyProof(from: old, to: fork.rekorV2.tree.size).map(Base64Text.encode)).joined(separator: "\n")
            + "\n\n" + (try fork.rekorV2.checkpoint())
        let split = try CLI.run(["trustroot", "checkpoint", "add", try scratch.write(forked, as: "forked.txt").path, "--trust-root", "mini"], state: scratch.state)
        #expect(split.status == 1, "\(split.output)")
        #expect(split.stderr.contains("split view: checkpoint of \(log.host) at size \(grown.tree.size) has root"), "\(split.stderr)")
        #expect(split.stderr.contains("(tlog-split-view)"), "\(split.stderr)")
        let logs = try CLI.run(["trustroot", "logs"], state: scratch.state)
        #expect(logs.stdout.contains("size \(grown.tree.size)  proven"), "\(logs.stdout)")
        #expect(logs.stdout.contains("\(log.host)  SPLIT VIEW"), "\(logs.stdout)")
    }
}

/// Standard base64, for proof lines.
enum Base64Text {
    static func encode(_ data: Data) -> String { data.base64EncodedString() }
}
