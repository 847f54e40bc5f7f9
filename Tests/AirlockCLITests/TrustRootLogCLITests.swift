import Foundation
import Testing
import AirlockTestKit

/// Every trust-root change (`trustroot add|remove|pin-tuf|update`) is a decision-log leaf of kind
/// `trustroot`, written in the change's own transaction, signed by the next checkpoint, listed by
/// `audit list`, counted and checked by `audit verify`; a tampered event is named, and the next change refused.
@Suite("trust-root changes in the decision log", .enabled(if: Corpus.isAvailable, "corpus absent"))
struct TrustRootLogCLITests {
    static func json(_ result: CommandResult) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.output)")
    }

    @Test("add, remove, pin-tuf and update are each a signed trustroot leaf; audit verify checks them and names a tampered one")
    func eachChangeIsLogged() throws {
        let scratch = try ScratchDirectory("trustroot-log")
        defer { scratch.remove() }
        let demoRoot = Corpus.packageRoot.appendingPathComponent("trustroot/demo/trusted_root.json").path
        func airlock(_ arguments: [String]) throws -> CommandResult { try CLI.run(arguments, state: scratch.state) }

        #expect(try airlock(["trustroot", "add", "site-demo", demoRoot]).status == 0)      // before any key: unsigned
        #expect(try airlock(["keys", "init"]).status == 0)                                  // signs it
        #expect(try airlock(["trustroot", "remove", "site-demo"]).status == 0)
        let repo = scratch.url("repo")
        try FileManager.default.copyItem(at: Corpus.url("tuf/sigstore-root-signing"), to: repo)
        let pin = try airlock(["trustroot", "pin-tuf", "sigstore", repo.appendingPathComponent("metadata/root_history/1.root.json").path])
        #expect(pin.status == 0, "\(pin.output)")
        let update = try airlock(["trustroot", "update", "sigstore", repo.path, "--at", TrustRootTUFCLITests.at])
        #expect(update.status == 0, "\(update.output)")

        let listing = try Self.json(try airlock(["audit", "list", "--kind", "trustroot", "--output", "json"]))
        let leaves = try #require(listing["leaves"] as? [[String: Any]])
        #expect(leaves.map { $0["subject"] as? String } == ["site-demo", "site-demo", "sigstore", "sigstore"])
        #expect(leaves.allSatisfy { $0["signed"] as? Bool == true && $0["kind"] as? String == "trustroot" })
        let summaries = leaves.compactMap { $0["summary"] as? String }
        for (index, action) in ["trust root add site-demo sha256:", "trust root remove site-demo from file:", "trust root pin-tuf sigstore sha256:",
                                "trust root tuf-update sigstore sha256:6494e21e"].enumerated() {
            #expect(summaries.count == 4 && summaries[index].hasPrefix(action), "\(summaries)")
        }
        #expect(listing["signedSize"] as? Int == listing["treeSize"] as? Int)
        let text = try airlock(["audit", "list"])
        #expect(text.status == 0 && text.output.contains(" trustroot 1  trust root add site-demo"), "\(text.output)")

        let verified = try Self.json(try airlock(["audit", "verify", "--output", "json"]))
        #expect((verified["findings"] as? [Any])?.isEmpty == true, "\(verified)")
        #expect((verified["leavesByKind"] as? [String: Int])?["trustroot"] == 4)

        let recordID = try #require(leaves.first?["recordId"] as? String)
        let tamper = """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            db.execute('DROP TRIGGER trust_root_events_no_update')
            db.execute("UPDATE trust_root_events SET origin = 'file:/elsewhere' WHERE id = \(recordID)")
            db.execute("CREATE TRIGGER trust_root_events_no_update BEFORE UPDATE ON trust_root_events BEGIN SELECT RAISE(ABORT, 'x'); END")
            db.commit()
            """
        #expect(try Tool.python3.run(["-c", tamper, scratch.state.appendingPathComponent("airlock.sqlite").path]).status == 0)
        let tampered = try airlock(["audit", "verify"])
        #expect(tampered.status == 1)
        #expect(tampered.output.contains("FINDING trustroot \(recordID): record differs from log leaf 0: rows.trust_root_events[0].origin"),
                "\(tampered.output)")
        let refused = try airlock(["trustroot", "add", "again", demoRoot])
        #expect(refused.status == 1 && refused.stderr.contains("(decision-log-tampered)"), "\(refused.output)")
    }

    @Test("a catalogue from before v8 (trust-root events without leaves) gets their leaves on migration, oldest first")
    func upgradeBackfills() throws {
        let scratch = try ScratchDirectory("trustroot-log")
        defer { scratch.remove() }
        let demoRoot = Corpus.packageRoot.appendingPathComponent("trustroot/demo/trusted_root.json").path
        for name in ["one", "two"] { #expect(try CLI.run(["trustroot", "add", name, demoRoot], state: scratch.state).status == 0) }
        // Undo what v8 did, leaving the catalogue as v5 made it.
        let downgrade = """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            db.execute('DROP TRIGGER log_leaves_no_delete')
            db.execute("DELETE FROM log_leaves WHERE kind = 'trustroot'")
            db.execute("CREATE TRIGGER log_leaves_no_delete BEFORE DELETE ON log_leaves BEGIN SELECT RAISE(ABORT, 'log_leaves are append-only'); END")
            db.execute('DROP TABLE log_verified')
            db.execute('DROP TABLE log_nodes')
            db.execute("DELETE FROM grdb_migrations WHERE identifier = 'v8-decision-log-trust-roots'")
            db.commit()
            """
        #expect(try Tool.python3.run(["-c", downgrade, scratch.state.appendingPathComponent("airlock.sqlite").path]).status == 0)
        let verified = try Self.json(try CLI.run(["audit", "verify", "--output", "json"], state: scratch.state))
        #expect((verified["findings"] as? [Any])?.isEmpty == true, "\(verified)")
        let listing = try Self.json(try CLI.run(["audit", "list", "--output", "json"], state: scratch.state))
        let leaves = try #require(listing["leaves"] as? [[String: Any]])
        #expect(leaves.map { $0["subject"] as? String } == ["one", "two"] && leaves.allSatisfy { $0["kind"] as? String == "trustroot" })
    }
}
