import Foundation
import Testing
import AirlockTestKit
import AirlockAppliance
import AirlockFormats
import AirlockStore

/// The incremental write guard (docs/decisions.md D20, "Before writing"): it rebuilds from rows only the
/// records logged since its mark plus a rotating window of older ones, and recomputes the signed root from
/// the cached subtree hashes. A tampered newest record is refused at once; an old
/// record's edited rows or leaf within `size / 16` writes (at once in a log of 16 leaves or fewer); `audit
/// verify` names either at once.
@Suite struct DecisionLogGuardTests {
    typealias LoggedStore = DecisionLogTests.LoggedStore

    /// Runs the guard through a write that then fails harmlessly: revoking an approval that does not exist
    /// (`unknown-approval` when the log is intact, `decision-log-tampered` when it is not).
    static func probe(_ logged: LoggedStore) throws -> ApplianceError {
        try #require(throws: ApplianceError.self) {
            _ = try ApprovalsService(stateDirectory: logged.state).revoke("ffffffff", reason: "probe", by: "bob")
        }
    }

    /// A guarded write: the guard (`probe`), then a new record and the checkpoint that stores the guard's mark.
    static func write(_ logged: LoggedStore) throws -> ApplianceError {
        let error = try probe(logged)
        let policy = try #require(try logged.fixture.store.catalogue.verdicts(subjectDigest: logged.fixture.images[0].digest).first?.policySHA256)
        _ = try logged.fixture.recordVerdict(digest: logged.fixture.images[1].digest, names: [], passed: true, policySHA256: policy,
                                             at: Date(timeIntervalSince1970: 1_800_000_000 + Double.random(in: 0..<1e6).rounded()))
        try logged.log.checkpoint()
        return error
    }

    /// The guard's mark: `size sweep`.
    static func mark(_ logged: LoggedStore) throws -> [Int] {
        let run = try Tool.python3.run(["-c", """
            import sqlite3, sys
            row = sqlite3.connect(sys.argv[1]).execute('SELECT size, sweep FROM log_verified').fetchone()
            print(row[0], row[1])
            """, logged.database])
        return run.stdout.split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    @Test("the mark moves to the signed size after a clean check; the newest record's edited row is refused, naming it")
    func newestRecord() throws {
        let logged = try LoggedStore()
        defer { logged.fixture.dir.remove() }
        #expect(try Self.write(logged).code == "unknown-approval")
        let mark = try Self.mark(logged)
        #expect(mark.first == 7, "the next checkpoint stores the mark at the signed size the guard checked: \(mark)")
        try logged.sql("""
            db.execute('DROP TRIGGER approval_revocations_no_update')
            db.execute("UPDATE approval_revocations SET reason = 'nothing to see'")
            db.execute("CREATE TRIGGER approval_revocations_no_update BEFORE UPDATE ON approval_revocations BEGIN SELECT RAISE(ABORT, 'x'); END")
            """)
        let error = try Self.probe(logged)
        #expect(error.code == "decision-log-tampered" && error.kind == .verificationFailed)
        #expect(error.reason.contains("revocation \(logged.approvalID): record differs from log leaf 6: rows.approval_revocations[0].reason"),
                "\(error.reason)")
    }

    @Test("an old leaf edited with its record (triggers restored) is refused: it no longer hashes to the signed tree's leaf; audit verify agrees")
    func oldLeaf() throws {
        let logged = try LoggedStore()
        defer { logged.fixture.dir.remove() }
        #expect(try Self.probe(logged).code == "unknown-approval")
        try logged.sql("""
            for t in ('verdicts_no_update', 'log_leaves_no_update'): db.execute('DROP TRIGGER ' + t)
            db.execute("UPDATE verdicts SET result = 'PASS' WHERE seq = 2")
            entry = bytes(db.execute("SELECT entry FROM log_leaves WHERE kind = 'verdict' AND record_id = '2'").fetchone()[0])
            head, tail = entry.rsplit(b'"result":"FAIL"', 1)
            db.execute("UPDATE log_leaves SET entry = ? WHERE kind = 'verdict' AND record_id = '2'", (head + b'"result":"PASS"' + tail,))
            for t in ('verdicts', 'log_leaves'):
                db.execute('CREATE TRIGGER %s_no_update BEFORE UPDATE ON %s BEGIN SELECT RAISE(ABORT, "x"); END' % (t, t))
            """)
        let error = try Self.probe(logged)
        #expect(error.code == "decision-log-tampered")
        #expect(error.reason.contains("verdict 2: log leaf 4 was edited: it no longer hashes to the signed tree's leaf"), "\(error.reason)")
        #expect(try logged.findings().contains { $0.kind == "checkpoint" && $0.reason.contains("differs from the root") })
    }

    @Test("an old record's edited row, below the mark and outside the sweep window: audit verify names it at once, the guard within size/16 writes")
    func oldRecordRow() throws {
        let logged = try LoggedStore()
        defer { logged.fixture.dir.remove() }
        let policy = try #require(try logged.fixture.store.catalogue.verdicts(subjectDigest: logged.fixture.images[0].digest).first?.policySHA256)
        for round in 0..<150 {
            _ = try logged.fixture.recordVerdict(digest: logged.fixture.images[round % 2].digest, names: [], passed: true,
                                                 policySHA256: policy, at: verifiedInstant.addingTimeInterval(Double(round + 1)))
        }
        try logged.log.checkpoint()
        #expect(try Self.write(logged).code == "unknown-approval")
        #expect(try Self.mark(logged).first == 157)
        let seq = try #require(try logged.fixture.store.catalogue.logLeaves().first { $0.index == 100 }?.recordID)
        try logged.sql("""
            db.execute('DROP TRIGGER verdicts_no_update')
            db.execute("UPDATE verdicts SET rule = 'forged' WHERE seq = \(seq)")
            db.execute("CREATE TRIGGER verdicts_no_update BEFORE UPDATE ON verdicts BEGIN SELECT RAISE(ABORT, 'x'); END")
            """)
        #expect(try logged.findings().contains { $0.kind == "verdict" && $0.id == seq && $0.reason.contains("rows.verdicts[0].rule") })
        let bound = (170 + Self.window - 1) / Self.window
        var refusedAfter: Int?
        for attempt in 1...bound where refusedAfter == nil {
            if try Self.write(logged).code == "decision-log-tampered" { refusedAfter = attempt }
        }
        #expect(refusedAfter != nil, "the sweep reaches leaf 100 within \(bound) writes")
        #expect(try Self.probe(logged).reason.contains("verdict \(seq): record differs from log leaf 100"))
    }

    static let window = 16
}
