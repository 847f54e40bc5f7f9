import Foundation
import Testing
import AirlockTestKit
import AirlockAppliance
import AirlockStore

/// Review of the write guard's quick path in one `DecisionLogCommandScope` (docs/decisions.md D33): a later
/// write of the command on the log it signed reads no more, so it must not move the mark either, whatever
/// another command of the same process left pending; the next command then rebuilds the records the scope
/// wrote. The log is grown past the sweep window, so only the mark (not the sweep) can make that guard see them.
@Suite struct DecisionLogScopeReviewTests {
    typealias LoggedStore = DecisionLogTests.LoggedStore
    typealias Guard = DecisionLogGuardTests

    /// A log of about 70 leaves (past the sweep window, and one whose sweep cursor then misses the scope's
    /// records), signed, with the mark at its signed size.
    static func grown() throws -> LoggedStore {
        let logged = try LoggedStore()
        let policy = try #require(try logged.fixture.store.catalogue.verdicts(subjectDigest: logged.fixture.images[0].digest).first?.policySHA256)
        for round in 0..<60 {
            _ = try logged.fixture.recordVerdict(digest: logged.fixture.images[round % 2].digest, names: [], passed: true,
                                                 policySHA256: policy, at: verifiedInstant.addingTimeInterval(Double(round + 1)))
        }
        try logged.log.checkpoint()
        #expect(try Guard.write(logged).code == "unknown-approval")
        return logged
    }

    @Test("a quick-path write stores no mark another command's guard left pending: the next command rebuilds the scope's edited record")
    func quickPathStoresNoForeignMark() throws {
        let logged = try Self.grown()
        defer { logged.fixture.dir.remove() }
        let before = try Guard.mark(logged)
        try DecisionLogCommandScope.run { () throws in
            #expect(try Guard.write(logged).code == "unknown-approval")
            // Another command of this process (a thread outside the scope): its full guard passes over the
            // scope's new verdict, and it writes nothing, so its mark stays pending.
            let other = try DecisionLogGuardRangeTests.outsideScope { try Guard.probe(logged) }
            #expect(other.code == "unknown-approval")
            try logged.sql(DecisionLogGuardRangeTests.editNewestVerdictRule)
            #expect(try Guard.write(logged).code == "unknown-approval", "the command's own log: no second full guard")
        }
        let after = try Guard.mark(logged)
        #expect(after[0] == before[0] + 1, "the mark the scope's one full guard reached, not the other command's: \(before) \(after)")
        let error = try Guard.probe(logged)
        #expect(error.code == "decision-log-tampered")
        #expect(error.reason.contains("rows.verdicts[0].rule"), "\(error.reason)")
    }

    @Test("a record forged between two writes of one command: the quick path lets it by, the next command's guard names it")
    func forgedBetweenWritesCaughtNext() throws {
        let logged = try Self.grown()
        defer { logged.fixture.dir.remove() }
        var forged = ""
        try DecisionLogCommandScope.run { () throws in
            #expect(try Guard.write(logged).code == "unknown-approval")
            try logged.sql(DecisionLogGuardRangeTests.copyVerdict + """
                db.execute("INSERT INTO verdicts (id, subject_digest, result, rule, policy_sha256, verification_time, tool_version, recorded_at, document) VALUES (?, ?, 'PASS', ?, ?, ?, ?, ?, ?)", row)
                """)
            let run = try Tool.python3.run(["-c", "import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT MAX(seq) FROM verdicts').fetchone()[0])",
                                            logged.database])
            forged = run.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(try Guard.write(logged).code == "unknown-approval", "the command's own log: no second full guard")
            let error = try Guard.probe(logged)
            #expect(error.code == "unknown-approval", "\(error.reason)")
        }
        let error = try Guard.probe(logged)
        #expect(error.code == "decision-log-tampered")
        #expect(!forged.isEmpty && error.reason.contains("verdict \(forged): recorded without a decision-log leaf"), "\(forged): \(error.reason)")
    }

    @Test("a cached subtree hash of the command's own checkpoint forged between two writes: the later write is refused, not signed over it")
    func forgedFrontierNodeBetweenWrites() throws {
        let logged = try Self.grown()
        defer { logged.fixture.dir.remove() }
        try DecisionLogCommandScope.run { () throws in
            #expect(try Guard.write(logged).code == "unknown-approval")
            // The largest complete subtree of the size the command just signed: the first node of its frontier,
            // which the next checkpoint grows from and the next command's guard never rebuilds from leaves.
            try logged.sql("""
                size = db.execute('SELECT MAX(size) FROM log_checkpoints').fetchone()[0]
                level = size.bit_length() - 1
                db.execute('DROP TRIGGER log_nodes_no_update')
                assert db.execute('UPDATE log_nodes SET hash = ? WHERE level = ? AND idx = 0', (bytes(32), level)).rowcount == 1
                db.execute("CREATE TRIGGER log_nodes_no_update BEFORE UPDATE ON log_nodes BEGIN SELECT RAISE(ABORT, 'x'); END")
                """)
            let second = try Guard.probe(logged)
            if second.code == "unknown-approval" { _ = try Guard.write(logged) }  // the write that guard lets through
            #expect(second.code == "decision-log-tampered", "\(second.code): \(second.reason)")
            #expect(second.reason.contains(": signed root ") && second.reason.contains(" differs from the root ") && second.reason.contains("recomputed from the catalogue"), "\(second.reason)")
        }
        let next = try Guard.probe(logged)
        #expect(next.code == "decision-log-tampered", "the next command's guard: \(next.code): \(next.reason)")
        #expect(try !logged.findings().isEmpty, "audit verify names the forged node")
    }
}
