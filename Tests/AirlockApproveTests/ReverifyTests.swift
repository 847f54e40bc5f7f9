import Foundation
import Testing
import AirlockTestKit
import AirlockAppliance

/// `approve` replays every candidate verdict before signing: a row that does not replay identically is
/// never signed, whatever the table says.
@Suite struct ReverifyTests {
    /// Inserts a copy of the latest FAIL verdict with its result turned into PASS (id = sha256 of the
    /// forged document, so the row is self-consistent). The triggers block UPDATE and DELETE, not INSERT.
    static let forge = """
    import sqlite3, hashlib, sys
    db = sqlite3.connect(sys.argv[1])
    row = db.execute("select subject_digest, rule, policy_sha256, verification_time, tool_version, recorded_at, document "
                     "from verdicts where result = 'FAIL' order by seq desc limit 1").fetchone()
    doc = bytes(row[6]).replace(b'"result":"FAIL"', b'"result":"PASS"')
    assert doc != bytes(row[6])
    db.execute("insert into verdicts (id, subject_digest, result, rule, policy_sha256, verification_time, tool_version, recorded_at, document) "
               "values (?, ?, 'PASS', ?, ?, ?, ?, ?, ?)", (hashlib.sha256(doc).hexdigest(), row[0], row[1], row[2], row[3], row[4], row[5], doc))
    db.commit()
    print(row[0])
    """

    /// The decision log sees the row first (it has no leaf); were the log forged too, the replay before
    /// signing refuses it as `not-reproducible` (`inMemoryUnreproducible` shows that path on its own).
    @Test("a forged PASS row inserted into SQLite is refused (the decision log names it), and nothing is written",
          .enabled(if: DemoState.available, "demo bundles absent"))
    func forgedRow() throws {
        let demo = try DemoState(bundle: DemoState.tampered)
        defer { demo.dir.remove() }
        let worker = try demo.digest(named: "demo/worker:1.0.0")
        let before = try demo.airlock(["approve", worker, "--out", demo.dir.url("before").path])
        #expect(before.status == 1 && before.output.contains("failed"), "\(before.output)")

        let forged = try demo.python(Self.forge, [demo.state.appendingPathComponent("airlock.sqlite").path])
        #expect(forged.status == 0 && forged.output.contains(worker), "\(forged.output)")
        let out = demo.dir.url("out")
        let refused = try demo.airlock(["approve", worker, "--out", out.path])
        #expect(refused.status == 1, "\(refused.output)")
        #expect(refused.output.contains("decision-log-tampered") && refused.output.contains("recorded without a decision-log leaf"), "\(refused.output)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
        // --all-passing does not skip past it either: the whole approval is refused.
        let all = try demo.airlock(["approve", "--all-passing", "--out", out.path])
        #expect(all.status == 1 && all.output.contains("decision-log-tampered"), "\(all.output)")
        #expect(try ApprovalsService(stateDirectory: demo.state).list().isEmpty)
    }

    @Test("an in-memory verdict that does not replay refuses the approval, even with --all-passing")
    func inMemoryUnreproducible() throws {
        let fixture = try StoreFixture()
        defer { fixture.dir.remove() }
        var source = fixture.source()
        source.candidates[1].verdictID = String(repeating: "9", count: 64)
        source.unreproducible[source.candidates[1].verdictID] = ["check 0: recorded signature passed; replayed signature failed"]
        let outcome = try ApproveService(stateDirectory: fixture.state).approve(fixture.request(.allPassing), policy: samplePolicy, source: source)
        guard case .refused(let refusals) = outcome else { Issue.record("signed an unreproducible verdict"); return }
        #expect(refusals.map(\.code) == ["not-reproducible"])
        #expect(refusals[0].digest == fixture.images[1].digest && refusals[0].reason.contains("replayed signature failed"))
        #expect(!FileManager.default.fileExists(atPath: fixture.dir.url("out").path))
    }
}
