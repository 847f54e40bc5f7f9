import Foundation
import Testing
import Synchronization
import AirlockTestKit
import AirlockAppliance
import AirlockFormats
import AirlockStore
import AirlockCrypto

/// `audit verify`'s streamed scan decides "unchanged" by comparing a record's rows with its logged entry
/// byte for byte, straight from SQLite; anything else goes to the slow path (canonical JSON), which
/// decides. These tests hold the fast path to the slow one on every kind of value the rows can hold.
@Suite struct DecisionLogScanTests {
    /// Messages covering every escape RFC 8785 makes, escapes at and across 16-byte boundaries, text
    /// that already looks escaped, non-ASCII and DEL, and long runs with nothing to escape.
    static let messages = [
        "plain", "", "quote \" and backslash \\ and slash /", "controls \u{0}\u{1}\u{8}\u{9}\u{A}\u{B}\u{C}\u{D}\u{1F} end",
        String(repeating: "a", count: 15) + "\"" + String(repeating: "b", count: 16) + "\\" + String(repeating: "c", count: 40),
        "already escaped \\\" \\u0001 \\n", "non-ASCII é 漢字 🙂 and DEL \u{7F}", String(repeating: "0123456789abcdef", count: 64),
    ]

    /// The fixture's import and key, and three verdicts whose checks carry `messages`, with an object, a
    /// non-object and a non-JSON document (the last two are base64 in the entry), signed after each write.
    static func tricky() throws -> (fixture: StoreFixture, log: DecisionLogService) {
        let fixture = try StoreFixture()
        let log = DecisionLogService(stateDirectory: fixture.state)
        let policyBytes = Data("rules: []\n".utf8)
        let policy = StoreFixture.hex(policyBytes)
        try fixture.store.blobs.put(policyBytes, sha256: policy)
        for (n, document) in [Data(#"{"a":"\u0001 \"x\""}"#.utf8), Data("[1,2]".utf8), Data([0xFF, 0x00, 0x7B])].enumerated() {
            let record = VerdictRecord(id: String(repeating: String(n), count: 64), subjectDigest: fixture.images[0].digest,
                                       result: n == 0 ? "PASS" : "FAIL", rule: n == 1 ? nil : "release \"quoted\"", policySHA256: policy,
                                       verificationTime: "2026-06-01T00:00:0\(n)Z", toolVersion: "test", recordedAt: Date(timeIntervalSince1970: 1_780_000_000),
                                       document: document)
            let checks = messages.enumerated().map { CheckResult("check.\($0.offset)", $0.offset % 2 == 0 ? .passed : .failed, $0.element, evidence: [$0.element]) }
            _ = try fixture.store.catalogue.record(VerdictBatch(verdict: record, checks: checks,
                                                                blobs: [BlobRecord(sha256: policy, size: 1, mediaType: "application/vnd.airlock.policy")]))
            try log.checkpoint()
        }
        return (fixture, log)
    }

    /// Every leaf the scan reports, in index order, and the mismatched ones.
    static func scan(_ store: Store, parts: Int, batchSize: Int) throws -> (leaves: [(index: Int64, leafHash: Data)], mismatched: [DecisionLogSnapshot.Leaf]) {
        let seen = Mutex<([(index: Int64, leafHash: Data)], [DecisionLogSnapshot.Leaf])>(([], []))
        _ = try store.catalogue.decisionLogSnapshot(parts: parts, batchSize: batchSize, leafHash: { Digest.sha256($0) }) { batch in
            seen.withLock { $0.0 += batch.leaves.map { ($0.index, $0.leafHash) }; $0.1 += batch.mismatched }
        }
        return seen.withLock { ($0.0.sorted { $0.index < $1.index }, $0.1) }
    }

    @Test("untouched rows with every escape, non-object blobs and any split into parts and batches: every leaf equal, hashed as stored")
    func untouchedRowsMatch() throws {
        let (fixture, log) = try Self.tricky()
        defer { fixture.dir.remove() }
        let stored = try fixture.store.catalogue.logLeaves()
        #expect(stored.map(\.kind) == [.import, .verdict, .key, .verdict, .verdict])
        // Entries written without parsing canonical blobs (`DecisionLogRows.canonical`) are RFC 8785 all the same.
        for leaf in stored {
            #expect(try CanonicalJSON.rfc8785(JSONValue.parse(leaf.entry)) == leaf.entry, "leaf \(leaf.index)")
        }
        for (parts, batchSize) in [(1, 512), (2, 1), (3, 2), (8, 1)] {
            let scanned = try Self.scan(fixture.store, parts: parts, batchSize: batchSize)
            #expect(scanned.mismatched.isEmpty, "\(parts) parts: \(scanned.mismatched.map(\.stored.recordID))")
            #expect(scanned.leaves.map(\.index) == stored.map(\.index))
            #expect(scanned.leaves.map(\.leafHash) == stored.map { Digest.sha256($0.entry) })
        }
        #expect(try log.verify().findings == [])
    }

    @Test("text edited into the escaped form of what was logged, a changed control character, a changed byte after a 16-byte run: each named")
    func lookalikeEditsDiffer() throws {
        for (check, replacement) in [(2, #"quote \" and backslash \\ and slash /"#), (3, "controls \u{0}\u{1}\u{8}\u{9}\u{A}\u{B}\u{C}\u{D}\u{1E} end"),
                                     (7, String(repeating: "0123456789abcdef", count: 63) + "0123456789abcdeF")] {
            let (fixture, log) = try Self.tricky()
            defer { fixture.dir.remove() }
            let database = fixture.state.appendingPathComponent("airlock.sqlite").path
            let script = """
                import sqlite3, sys, json
                db = sqlite3.connect(sys.argv[1])
                db.execute('DROP TRIGGER verdict_checks_no_update')
                db.execute('UPDATE verdict_checks SET message = ? WHERE verdict_seq = 1 AND position = ?', (json.loads(sys.argv[2]), \(check)))
                db.commit()
                """
            let run = try Tool.python3.run(["-c", script, database, String(decoding: try JSONEncoder().encode(replacement), as: UTF8.self)])
            #expect(run.status == 0, "\(run.output)")
            let scanned = try Self.scan(fixture.store, parts: 2, batchSize: 1)
            #expect(scanned.mismatched.map(\.stored.recordID) == ["1"], "check \(check)")
            let findings = try log.verify().findings
            let edited = try #require(findings.first { $0.kind == "verdict" && $0.id == "1" })
            #expect(edited.reason.contains("rows.verdict_checks[\(check)].message"), "\(edited.reason)")
        }
    }

    @Test("each verdict entry is the one an independent writer builds from the rows as D20 documents them (Python sqlite3 and json)")
    func entriesMatchAnIndependentWriter() throws {
        let (fixture, _) = try Self.tricky()
        defer { fixture.dir.remove() }
        let database = fixture.state.appendingPathComponent("airlock.sqlite").path
        // Values as text (integers in decimal), NULL as null, a blob holding a JSON object as that object,
        // other blobs as {"base64":…}; keys sorted; for string-only JSON, json.dumps with these options is RFC 8785.
        let script = """
            import sqlite3, sys, json, base64
            db = sqlite3.connect(sys.argv[1])
            db.text_factory = bytes
            def rows(sql, rid, blobcols):
                cur = db.execute(sql, (rid,))
                names = [d[0] for d in cur.description]
                out = []
                for r in cur.fetchall():
                    o = {}
                    for n, v in zip(names, r):
                        if v is None: o[n] = None
                        elif isinstance(v, int): o[n] = str(v)
                        elif n in blobcols:
                            try:
                                parsed = json.loads(v)
                                o[n] = parsed if isinstance(parsed, dict) else {"base64": base64.b64encode(v).decode()}
                            except Exception:
                                o[n] = {"base64": base64.b64encode(v).decode()}
                        else: o[n] = v.decode('utf-8')
                    out.append(o)
                return out
            for idx, rid, entry in db.execute("SELECT idx, record_id, entry FROM log_leaves WHERE kind = 'verdict' ORDER BY idx").fetchall():
                rid = rid.decode()
                doc = {"kind": "verdict", "log": "airlock-decision-log/v1", "recordId": rid, "rows": {
                    "verdicts": rows("SELECT * FROM verdicts WHERE seq = ?", rid, {"document"}),
                    "verdict_checks": rows("SELECT * FROM verdict_checks WHERE verdict_seq = ? ORDER BY position", rid, set())}}
                mine = json.dumps(doc, sort_keys=True, separators=(',', ':'), ensure_ascii=False).encode('utf-8')
                print(idx, "same" if mine == entry else "differs")
            """
        let run = try Tool.python3.run(["-c", script, database])
        #expect(run.status == 0, "\(run.output)")
        let lines = run.output.split(separator: "\n").map(String.init)
        #expect(lines.count == 3, "\(run.output)")
        #expect(lines.allSatisfy { $0.hasSuffix(" same") }, "\(run.output)")
    }

    @Test("check text holding a NUL, and empty text, is stored whole (not cut at the NUL, not NULL) and logged whole")
    func checkTextStoredWhole() throws {
        let (fixture, log) = try Self.tricky()
        defer { fixture.dir.remove() }
        let database = fixture.state.appendingPathComponent("airlock.sqlite").path
        let script = """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            for position in (1, 3):
                (length, kind) = db.execute('SELECT length(CAST(message AS BLOB)), typeof(message) FROM verdict_checks WHERE verdict_seq = 1 AND position = ?', (position,)).fetchone()
                print(position, length, kind)
            """
        let run = try Tool.python3.run(["-c", script, database])
        #expect(run.status == 0, "\(run.output)")
        let expected = [1, 3].map { "\($0) \(Self.messages[$0].utf8.count) text" }
        #expect(run.output.split(separator: "\n").map(String.init) == expected, "\(run.output)")
        let entry = try #require(try fixture.store.catalogue.logLeaves().first { $0.kind == .verdict && $0.recordID == "1" }?.entry)
        #expect(String(decoding: entry, as: UTF8.self).contains(#"controls \u0000\u0001\b\t\n\u000b\f\r\u001f end"#))
        #expect(try log.verify().findings == [])
    }
}
