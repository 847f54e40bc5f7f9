import Foundation
import Testing
import AirlockTestKit
import AirlockAppliance
import AirlockFormats
import AirlockStore

/// The write guard without counts (docs/decisions.md D26): unlogged records are looked for above the mark's
/// per-table rowids (and below rowid 1), so a forged record inserted after the mark is refused by the next
/// write at once; a record or leaf deleted below the mark is named by the sweep within ⌈n/16⌉ writes;
/// in one command the guard runs in full once, and a later write on the log the command signed reads no more;
/// a checkpoint never signs over a missing leaf.
@Suite struct DecisionLogGuardRangeTests {
    typealias LoggedStore = DecisionLogTests.LoggedStore
    typealias Guard = DecisionLogGuardTests

    /// Edits the newest verdict's `rule` outside Airlock, its update trigger dropped and restored (Python).
    static let editNewestVerdictRule = """
        db.execute('DROP TRIGGER verdicts_no_update')
        db.execute("UPDATE verdicts SET rule = 'forged' WHERE seq = (SELECT MAX(seq) FROM verdicts)")
        db.execute("CREATE TRIGGER verdicts_no_update BEFORE UPDATE ON verdicts BEGIN SELECT RAISE(ABORT, 'x'); END")
        """

    /// Columns of a verdict row, copied from verdict 1 to forge one (Python; `row` holds them).
    static let copyVerdict = """
        row = db.execute('SELECT id, subject_digest, rule, policy_sha256, verification_time, tool_version, recorded_at, document FROM verdicts WHERE seq = 1').fetchone()

        """

    @Test("a forged verdict inserted after the mark is refused by the next write at once, naming it")
    func forgedAboveMark() throws {
        let logged = try LoggedStore()
        defer { logged.fixture.dir.remove() }
        #expect(try Guard.write(logged).code == "unknown-approval")
        try logged.sql(Self.copyVerdict + """
            db.execute("INSERT INTO verdicts (id, subject_digest, result, rule, policy_sha256, verification_time, tool_version, recorded_at, document) VALUES (?, ?, 'PASS', ?, ?, ?, ?, ?, ?)", row)
            """)
        let error = try Guard.probe(logged)
        #expect(error.code == "decision-log-tampered")
        #expect(error.reason.contains("verdict 4: recorded without a decision-log leaf"), "\(error.reason)")
    }

    @Test("a forged record whose leaf is given an index below 0 (where no guard range looks) is refused at once; audit verify names the leaf")
    func forgedLeafBelowZero() throws {
        let logged = try LoggedStore()
        defer { logged.fixture.dir.remove() }
        #expect(try Guard.write(logged).code == "unknown-approval")
        try logged.sql(Self.copyVerdict + """
            cursor = db.execute("INSERT INTO verdicts (id, subject_digest, result, rule, policy_sha256, verification_time, tool_version, recorded_at, document) VALUES (?, ?, 'PASS', ?, ?, ?, ?, ?, ?)", row)
            db.execute("INSERT INTO log_leaves (idx, kind, record_id, subject, entry) VALUES (-1, 'verdict', ?, ?, x'7b7d')", (str(cursor.lastrowid), row[0]))
            """)
        let error = try Guard.probe(logged)
        #expect(error.code == "decision-log-tampered")
        #expect(error.reason.contains("log -1: log leaf -1 has an index below 0, outside the log"), "\(error.reason)")
        #expect(try logged.findings().contains { $0.id == "-1" && $0.reason.contains("index below 0") })
    }

    @Test("every checkpoint deleted: refused, since the node cache and the mark are only stored with one; a log never signed passes")
    func checkpointsDeleted() throws {
        let logged = try LoggedStore()
        defer { logged.fixture.dir.remove() }
        #expect(try Guard.write(logged).code == "unknown-approval")
        try logged.sql("""
            db.execute('DROP TRIGGER log_checkpoints_no_delete')
            db.execute('DELETE FROM log_checkpoints')
            db.execute("CREATE TRIGGER log_checkpoints_no_delete BEFORE DELETE ON log_checkpoints BEGIN SELECT RAISE(ABORT, 'x'); END")
            """)
        let error = try Guard.probe(logged)
        #expect(error.code == "decision-log-tampered")
        #expect(error.reason.contains("has no checkpoint, but its node cache or guard mark shows it had some"), "\(error.reason)")
        let fresh = try StoreFixture()
        defer { fresh.dir.remove() }
        let unsigned = try #require(throws: ApplianceError.self) {
            _ = try ApprovalsService(stateDirectory: fresh.state).revoke("ffffffff", reason: "probe", by: "bob")
        }
        #expect(unsigned.code == "unknown-approval", "\(unsigned.code): \(unsigned.reason)")
    }

    @Test("a forged record given a rowid below 1 (never assigned by SQLite) is refused at once too")
    func forgedBelowOne() throws {
        let logged = try LoggedStore()
        defer { logged.fixture.dir.remove() }
        #expect(try Guard.write(logged).code == "unknown-approval")
        try logged.sql(Self.copyVerdict + """
            db.execute("INSERT INTO verdicts (seq, id, subject_digest, result, rule, policy_sha256, verification_time, tool_version, recorded_at, document) VALUES (-5, ?, ?, 'PASS', ?, ?, ?, ?, ?, ?)", row)
            db.execute("INSERT INTO bundles (rowid, id, archive_sha256, name, imported_at, entry_count, bytes, archive_bytes) VALUES (0, 'forged', 'abc', 'forged', '2026-01-01 00:00:00.000', 0, 0, 0)")
            """)
        let error = try Guard.probe(logged)
        #expect(error.code == "decision-log-tampered")
        #expect(error.reason.contains("import forged: recorded without a decision-log leaf"), "\(error.reason)")
        #expect(error.reason.contains("(and 1 more"), "\(error.reason)")
    }

    /// A log of 157 leaves with the mark at its signed size; `tamper` (Python) then runs on leaf 100's verdict
    /// (`seq`), below the mark and outside the next sweep window. Returns after which write the guard refused.
    static func refusedWithinSweep(_ logged: LoggedStore, _ tamper: (String) -> String) throws -> (seq: String, after: Int?) {
        let policy = try #require(try logged.fixture.store.catalogue.verdicts(subjectDigest: logged.fixture.images[0].digest).first?.policySHA256)
        for round in 0..<150 {
            _ = try logged.fixture.recordVerdict(digest: logged.fixture.images[round % 2].digest, names: [], passed: true,
                                                 policySHA256: policy, at: verifiedInstant.addingTimeInterval(Double(round + 1)))
        }
        try logged.log.checkpoint()
        #expect(try Guard.write(logged).code == "unknown-approval")
        #expect(try Guard.mark(logged).first == 157)
        let seq = try #require(try logged.fixture.store.catalogue.logLeaves().first { $0.index == 100 }?.recordID)
        try logged.sql(tamper(seq))
        let bound = (170 + Guard.window - 1) / Guard.window
        for attempt in 1...bound {
            if try Guard.write(logged).code == "decision-log-tampered" { return (seq, attempt) }
        }
        return (seq, nil)
    }

    @Test("a verdict deleted below the mark: audit verify names it at once, the guard's sweep within ⌈n/16⌉ writes")
    func deletedBelowMark() throws {
        let logged = try LoggedStore()
        defer { logged.fixture.dir.remove() }
        let (seq, after) = try Self.refusedWithinSweep(logged) { seq in """
            db.execute('DROP TRIGGER verdicts_no_delete')
            db.execute('DELETE FROM verdicts WHERE seq = \(seq)')
            db.execute("CREATE TRIGGER verdicts_no_delete BEFORE DELETE ON verdicts BEGIN SELECT RAISE(ABORT, 'x'); END")
            """
        }
        #expect(after != nil, "the sweep reaches leaf 100")
        #expect(try Guard.probe(logged).reason.contains("verdict \(seq): record deleted: logged as leaf 100"))
        #expect(try logged.findings().contains { $0.kind == "verdict" && $0.id == seq && $0.reason.contains("record deleted") })
    }

    @Test("a log leaf deleted below the mark: the guard's sweep names it as missing within ⌈n/16⌉ writes")
    func leafDeletedBelowMark() throws {
        let logged = try LoggedStore()
        defer { logged.fixture.dir.remove() }
        let (_, after) = try Self.refusedWithinSweep(logged) { _ in """
            db.execute('DROP TRIGGER log_leaves_no_delete')
            db.execute('DELETE FROM log_leaves WHERE idx = 100')
            db.execute("CREATE TRIGGER log_leaves_no_delete BEFORE DELETE ON log_leaves BEGIN SELECT RAISE(ABORT, 'x'); END")
            """
        }
        #expect(after != nil, "the sweep reaches leaf 100")
        #expect(try Guard.probe(logged).reason.contains("log 100: log leaf 100 is missing (deleted)"))
    }

    @Test("in one command scope the guard runs in full once: a later write on the log the command signed reads nothing more and leaves the mark; the next command rebuilds the records")
    func commandScope() throws {
        let logged = try LoggedStore()
        defer { logged.fixture.dir.remove() }
        #expect(try Guard.write(logged).code == "unknown-approval")
        let before = try Guard.mark(logged)
        try DecisionLogCommandScope.run { () throws in
            #expect(try Guard.write(logged).code == "unknown-approval")
            #expect(try Guard.write(logged).code == "unknown-approval")
        }
        let after = try Guard.mark(logged)
        #expect(after[0] == before[0] + 1, "the mark the scope's one full guard reached, not the second write's: \(before) \(after)")
        #expect(after[1] == before[1] + Int(before[0]), "one sweep of min(16, size) leaves in the scope, not two: \(before) \(after)")
        // An edit between two writes of one command is caught by the next command's guard: the mark stayed
        // below the records the command wrote, so that guard rebuilds them.
        try DecisionLogCommandScope.run { () throws in
            #expect(try Guard.write(logged).code == "unknown-approval")
            try logged.sql(Self.editNewestVerdictRule)
            #expect(try Guard.write(logged).code == "unknown-approval", "the command's own log: no second full guard")
        }
        let error = try Guard.probe(logged)
        #expect(error.code == "decision-log-tampered")
        #expect(error.reason.contains("rows.verdicts[0].rule"), "\(error.reason)")
    }

    @Test("in one command scope, a later write after another writer extended the log gets the full guard")
    func commandScopeOtherWriter() throws {
        let logged = try LoggedStore()
        defer { logged.fixture.dir.remove() }
        try DecisionLogCommandScope.run { () throws in
            #expect(try Guard.write(logged).code == "unknown-approval")
            // Another writer (a thread outside the scope, as another process would be): its own guard, verdict
            // and checkpoint. Its verdict's rows are then edited: only a full guard rebuilds that record.
            let other = try Self.outsideScope { try Guard.write(logged) }
            #expect(other.code == "unknown-approval")
            try logged.sql(Self.editNewestVerdictRule)
            let error = try Guard.probe(logged)
            #expect(error.code == "decision-log-tampered")
            #expect(error.reason.contains("rows.verdicts[0].rule"), "\(error.reason)")
        }
    }

    /// Runs `body` on a new thread, outside the caller's `DecisionLogCommandScope` (task-local values stay
    /// with their thread), and returns its result.
    static func outsideScope<T>(_ body: @escaping () throws -> T) throws -> T {
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var result: Result<T, any Error>?
        nonisolated(unsafe) let work = body  // run once, on the new thread, while this one waits
        let thread = Thread {
            result = Result { try work() }
            done.signal()
        }
        thread.start()
        done.wait()
        return try result!.get()
    }

    @Test("in one command scope, a later write's guard on a checkpoint that is not byte-identical to the command's own checks in full and refuses its signature")
    func ownCheckpointOnlyWhenIdentical() throws {
        let logged = try LoggedStore()
        defer { logged.fixture.dir.remove() }
        try DecisionLogCommandScope.run { () throws in
            #expect(try Guard.write(logged).code == "unknown-approval")
            // The signature of the note the command just signed, its last byte flipped; the note still parses.
            try logged.sql("""
                import base64
                size, note = db.execute('SELECT size, note FROM log_checkpoints ORDER BY size DESC LIMIT 1').fetchone()
                head, _, last = note.rstrip('\\n').rpartition(' ')
                raw = bytearray(base64.b64decode(last))
                raw[-1] ^= 0x01
                db.execute('DROP TRIGGER log_checkpoints_no_update')
                db.execute('UPDATE log_checkpoints SET note = ? WHERE size = ?', (head + ' ' + base64.b64encode(bytes(raw)).decode() + '\\n', size))
                db.execute("CREATE TRIGGER log_checkpoints_no_update BEFORE UPDATE ON log_checkpoints BEGIN SELECT RAISE(ABORT, 'x'); END")
                """)
            let error = try Guard.probe(logged)
            #expect(error.code == "decision-log-tampered")
            #expect(error.reason.contains("signature check failed: the signature does not verify with the appliance key"), "\(error.reason)")
        }
    }

    @Test("a checkpoint refuses to sign over a missing unsigned leaf, naming it")
    func noCheckpointOverGap() throws {
        let logged = try LoggedStore()
        defer { logged.fixture.dir.remove() }
        let policy = try #require(try logged.fixture.store.catalogue.verdicts(subjectDigest: logged.fixture.images[0].digest).first?.policySHA256)
        for round in 0..<2 {
            _ = try logged.fixture.recordVerdict(digest: logged.fixture.images[0].digest, names: [], passed: true,
                                                 policySHA256: policy, at: verifiedInstant.addingTimeInterval(Double(round + 1)))
        }
        try logged.sql("db.execute('DROP TRIGGER log_leaves_no_delete')\ndb.execute('DELETE FROM log_leaves WHERE idx = 7')")
        let error = try #require(throws: ApplianceError.self) { try logged.log.checkpoint() }
        #expect(error.code == "decision-log-tampered" && error.reason.contains("no leaf 7"), "\(error.reason)")
        #expect(try logged.fixture.store.catalogue.latestLogCheckpoint()?.size == 7)
    }

    @Test("the key ring cached by a process is read again once the file changes (rotate, or an edit in place)")
    func keyRingCache() throws {
        let dir = try ScratchDirectory("approve")
        defer { dir.remove() }
        let keys = ApplianceKeys(stateDirectory: dir.root)
        let first = try keys.initialise()
        #expect(try keys.load() == first)
        let rotated = try keys.rotate()
        #expect(try keys.load().keys.map(\.id) == rotated.keys.map(\.id) && rotated.keys.count == 2)
        #expect(try keys.load().current?.id == rotated.current?.id)
        let url = keys.directory.appendingPathComponent("keyring.json")
        let text = try String(contentsOf: url, encoding: .utf8)
        let handle = try FileHandle(forWritingTo: url)
        try handle.write(contentsOf: Data(text.replacingOccurrences(of: first.applianceID, with: "urn:airlock:appliance:edited-in-place!!").utf8))
        try handle.close()
        #expect(try keys.load().applianceID == "urn:airlock:appliance:edited-in-place!!")
    }
}
