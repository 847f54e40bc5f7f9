import Foundation
import Testing
import AirlockTestKit
import AirlockAppliance
import AirlockFormats
import AirlockStore
import AirlockCrypto

/// The decision log: leaves in the record's transaction, signed checkpoints, `audit verify` naming each
/// tampered record, and proofs that an independent RFC 6962 verifier (Python hashlib) accepts.
@Suite struct DecisionLogTests {
    /// A state directory with an import carrying one evidence blob, two verdicts, an approval and its
    /// revocation, signed after each step as the services do.
    struct LoggedStore {
        let fixture: StoreFixture
        let evidenceBlob: String
        let approvalID: String

        var state: URL { fixture.state }
        var database: String { fixture.state.appendingPathComponent("airlock.sqlite").path }
        var log: DecisionLogService { DecisionLogService(stateDirectory: fixture.state) }

        init() throws {
            fixture = try StoreFixture()
            let log = DecisionLogService(stateDirectory: fixture.state)
            try log.checkpoint()
            let evidence = Data(#"{"mediaType":"application/vnd.dev.sigstore.bundle.v0.3+json"}"#.utf8)
            evidenceBlob = StoreFixture.hex(evidence)
            try fixture.store.blobs.put(evidence, sha256: evidenceBlob)
            let bundle = ArchiveRecord(id: "evidence-bundle", archiveSHA256: String(repeating: "e", count: 64), name: "evidence",
                                       importedAt: verifiedInstant, entryCount: 1, bytes: Int64(evidence.count), archiveBytes: 10)
            _ = try fixture.store.catalogue.record(ImportBatch(
                bundle: bundle, files: [ArchiveFileRecord(bundleID: bundle.id, path: "a.sigstore.json", sha256: evidenceBlob, size: Int64(evidence.count))],
                blobs: [BlobRecord(sha256: evidenceBlob, size: Int64(evidence.count))], images: [],
                evidence: [EvidenceRecord(sha256: evidenceBlob, kind: .sigstoreBundle, subjectDigest: fixture.images[0].digest,
                                          bundleID: bundle.id, source: "a.sigstore.json")]))
            try log.checkpoint()
            let policyBytes = Data("rules: []\n".utf8)
            let policy = StoreFixture.hex(policyBytes)
            try fixture.store.blobs.put(policyBytes, sha256: policy)
            for (index, image) in fixture.images.enumerated() {
                _ = try fixture.recordVerdict(digest: image.digest, names: [image.name], passed: index == 0, policySHA256: policy,
                                              at: verifiedInstant)
                try log.checkpoint()
            }
            let outcome = try ApproveService(stateDirectory: fixture.state).approve(
                fixture.request(.images([fixture.images[0].name])), policy: samplePolicy, source: fixture.source())
            guard case .approved(let report) = outcome else { throw CancellationError() }
            approvalID = report.id
            _ = try ApprovalsService(stateDirectory: fixture.state).revoke(report.id, reason: "test", by: "bob",
                                                                          now: verifiedInstant.addingTimeInterval(120))
        }

        /// Runs a Python sqlite3 script on the catalogue (`db` is the connection).
        func sql(_ statements: String) throws {
            let script = "import sqlite3, sys\ndb = sqlite3.connect(sys.argv[1])\n\(statements)\ndb.commit()\n"
            let run = try Tool.python3.run(["-c", script, database])
            #expect(run.status == 0, "\(run.output)")
        }

        func findings() throws -> [AuditFinding] { try log.verify().findings }
    }

    @Test("every import, verdict, approval, revocation and key is a leaf; checkpoints are signed and verify")
    func cleanLogVerifies() throws {
        let logged = try LoggedStore()
        defer { logged.fixture.dir.remove() }
        let report = try logged.log.verify()
        #expect(report.findings == [])
        let kinds = try logged.fixture.store.catalogue.logLeaves().map(\.kind)
        #expect(kinds == [.import, .key, .import, .verdict, .verdict, .approval, .revocation])
        #expect(report.treeSize == 7 && report.signedSize == 7 && report.checkpoints == 6)
        let note = try #require(logged.fixture.store.catalogue.logCheckpoints().last?.note)
        #expect(note.hasPrefix("airlock.local/https://airlock.example/appliance\n7\n"))
        #expect(note.contains("\n\n\u{2014} airlock.local/https://airlock.example/appliance "))
    }

    @Test("a dropped trigger and an edited verdict are both named")
    func editedVerdict() throws {
        let logged = try LoggedStore()
        defer { logged.fixture.dir.remove() }
        try logged.sql("db.execute('DROP TRIGGER verdicts_no_update')\ndb.execute(\"UPDATE verdicts SET result = 'PASS' WHERE seq = 2\")")
        let findings = try logged.findings()
        #expect(findings.contains { $0.kind == "schema" && $0.id == "verdicts_no_update" })
        let edited = try #require(findings.first { $0.kind == "verdict" && $0.id == "2" })
        #expect(edited.reason.contains("rows.verdicts[0].result: logged \"FAIL\", now \"PASS\""), "\(edited.reason)")
        // The tree is recomputed from the edited row, so the signed roots no longer match either.
        #expect(findings.contains { $0.kind == "checkpoint" })
    }

    @Test("a deleted approval row is named")
    func deletedApproval() throws {
        let logged = try LoggedStore()
        defer { logged.fixture.dir.remove() }
        try logged.sql("db.execute('DROP TRIGGER approvals_no_delete')\ndb.execute('DELETE FROM approvals WHERE id = ?', ('\(logged.approvalID)',))")
        let findings = try logged.findings()
        let deleted = try #require(findings.first { $0.kind == "approval" && $0.id == logged.approvalID })
        #expect(deleted.reason.contains("record deleted"))
    }

    @Test("a forged verdict row inserted outside Airlock is named")
    func forgedVerdict() throws {
        let logged = try LoggedStore()
        defer { logged.fixture.dir.remove() }
        try logged.sql("""
            row = db.execute('SELECT id, subject_digest, rule, policy_sha256, verification_time, tool_version, recorded_at, document FROM verdicts WHERE seq = 1').fetchone()
            db.execute("INSERT INTO verdicts (id, subject_digest, result, rule, policy_sha256, verification_time, tool_version, recorded_at, document) VALUES (?, ?, 'PASS', ?, ?, ?, ?, ?, ?)", row)
            """)
        let findings = try logged.findings()
        let forged = try #require(findings.first { $0.kind == "verdict" && $0.id == "3" })
        #expect(forged.reason.contains("without a decision-log leaf"))
    }

    @Test("a deleted log leaf is named, its record reported unlogged, and the signed roots no longer match")
    func deletedLeaf() throws {
        let logged = try LoggedStore()
        defer { logged.fixture.dir.remove() }
        try logged.sql("db.execute('DROP TRIGGER log_leaves_no_delete')\ndb.execute('DELETE FROM log_leaves WHERE idx = 3')")
        let findings = try logged.findings()
        #expect(findings.contains { $0.kind == "schema" && $0.id == "log_leaves_no_delete" })
        #expect(findings.contains { $0.kind == "log" && $0.id == "3" && $0.reason.contains("missing") })
        #expect(findings.contains { $0.kind == "verdict" && $0.id == "1" && $0.reason.contains("without a decision-log leaf") })
        #expect(findings.contains { $0.kind == "checkpoint" && $0.id == "7" })
    }

    @Test("an edited evidence blob is named by its evidence record")
    func flippedEvidenceBlob() throws {
        let logged = try LoggedStore()
        defer { logged.fixture.dir.remove() }
        let url = try logged.fixture.store.blobs.url(sha256: logged.evidenceBlob)
        var bytes = try Data(contentsOf: url)
        bytes[3] ^= 0x01
        try? FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: url.path)
        try bytes.write(to: url)
        let findings = try logged.findings()
        let evidenceID = try #require(logged.fixture.store.catalogue.evidence(bundleID: "evidence-bundle").first?.id)
        let flipped = try #require(findings.first { $0.kind == "evidence" && $0.id == String(evidenceID) })
        #expect(flipped.reason.contains("was edited"))
        #expect(findings.contains { $0.kind == "import" && $0.id == "evidence-bundle" })
    }

    @Test("a record edited together with its leaf breaks the signed checkpoints")
    func editedRecordAndLeaf() throws {
        let logged = try LoggedStore()
        defer { logged.fixture.dir.remove() }
        try logged.sql("""
            for t in ('verdicts_no_update', 'log_leaves_no_update'): db.execute('DROP TRIGGER ' + t)
            db.execute("UPDATE verdicts SET result = 'PASS' WHERE seq = 2")
            entry = bytes(db.execute("SELECT entry FROM log_leaves WHERE kind = 'verdict' AND record_id = '2'").fetchone()[0])
            head, tail = entry.rsplit(b'"result":"FAIL"', 1)
            db.execute("UPDATE log_leaves SET entry = ? WHERE kind = 'verdict' AND record_id = '2'", (head + b'"result":"PASS"' + tail,))
            """)
        let findings = try logged.findings()
        #expect(!findings.contains { $0.kind == "verdict" })
        #expect(findings.contains { $0.kind == "checkpoint" && $0.reason.contains("differs from the root") })
    }

    @Test("inclusion and consistency proofs check with an independent RFC 6962 verifier")
    func proofsVerifyIndependently() throws {
        let logged = try LoggedStore()
        defer { logged.fixture.dir.remove() }
        var documents: [Data] = []
        for record in ["import:fixture-bundle", "1", "approval:\(logged.approvalID)", "revocation:\(logged.approvalID)"] {
            documents.append(try ApplianceJSON.encode(logged.log.prove(record)))
        }
        for (old, new) in [(1, 7), (2, 7), (3, 5), (4, 7), (6, 7), (7, 7)] {
            documents.append(try ApplianceJSON.encode(logged.log.consistency(old: old, new: new)))
        }
        let input = Data("[".utf8) + documents.joined(separator: Data(",".utf8)) + Data("]".utf8)
        let run = try Tool.python3.run(["-c", Self.verifier], stdin: .data(input))
        #expect(run.status == 0 && run.output.contains("ok 10"), "\(run.output)")
    }

    @Test("airlock audit verify/prove/consistency: exit 0 and JSON with schemaVersion; exit 1 naming the tampered record")
    func cli() throws {
        let logged = try LoggedStore()
        defer { logged.fixture.dir.remove() }
        let state = ["--state", logged.state.path, "--output", "json"]
        let clean = try CLI.run(["audit", "verify"] + state)
        #expect(clean.status == 0 && clean.output.contains("\"schemaVersion\" : 1"), "\(clean.output)")
        let proof = try CLI.run(["audit", "prove", "revocation:\(logged.approvalID)"] + state)
        #expect(proof.status == 0 && proof.output.contains("\"leafIndex\" : 6"), "\(proof.output)")
        let consistency = try CLI.run(["audit", "consistency", "3"] + state)
        #expect(consistency.status == 0 && consistency.output.contains("\"newSize\" : 7"), "\(consistency.output)")
        let unknown = try CLI.run(["audit", "prove", "nope"] + state)
        #expect(unknown.status == 2 && unknown.output.contains("unknown-record"), "\(unknown.output)")
        try logged.sql("db.execute('DROP TRIGGER approval_revocations_no_delete')\ndb.execute('DELETE FROM approval_revocations')")
        let tampered = try CLI.run(["audit", "verify", "--state", logged.state.path])
        #expect(tampered.status == 1, "\(tampered.output)")
        #expect(tampered.output.contains("FINDING revocation \(logged.approvalID): record deleted"), "\(tampered.output)")
        #expect(tampered.output.contains("FINDING schema approval_revocations_no_delete"), "\(tampered.output)")
    }

    @Test("a write command refuses a store whose log does not verify up to its latest checkpoint, naming the record")
    func writeRefusedOnTamperedLog() throws {
        let logged = try LoggedStore()
        defer { logged.fixture.dir.remove() }
        try logged.sql("db.execute('DROP TRIGGER verdicts_no_update')\ndb.execute(\"UPDATE verdicts SET rule = 'other' WHERE seq = 1\")\n"
                       + "db.execute(\"CREATE TRIGGER verdicts_no_update BEFORE UPDATE ON verdicts BEGIN SELECT RAISE(ABORT, 'x'); END\")")
        let approvals = ApprovalsService(stateDirectory: logged.state)
        let error = try #require(throws: ApplianceError.self) {
            _ = try approvals.revoke(logged.approvalID, reason: "again", by: "bob")
        }
        #expect(error.code == "decision-log-tampered" && error.kind == .verificationFailed)
        #expect(error.reason.contains("verdict 1: record differs from log leaf 3: rows.verdicts[0].rule"), "\(error.reason)")
        #expect(try logged.fixture.store.catalogue.logLeaves().count == 7)
    }

    @Test("audit export: verify.py recomputes every signed root, and the README's openssl recipe checks the signature")
    func export() throws {
        let logged = try LoggedStore()
        defer { logged.fixture.dir.remove() }
        let out = logged.fixture.dir.url("export")
        let report = try logged.log.export(to: out)
        #expect(report.treeSize == 7 && report.checkpoints == 6)
        let roots = try Tool.python3.run([out.appendingPathComponent("verify.py").path, out.path])
        #expect(roots.status == 0 && roots.output.contains("ok: 7 leaves, 6 checkpoints"), "\(roots.output)")
        let keyID = try ApplianceKeys(stateDirectory: logged.state).load().keys[0].id
        let recipe = """
            cd '\(out.path)' && head -n 3 checkpoints/7.note > text && \\
            tail -n 1 checkpoints/7.note | cut -d' ' -f3 | base64 -d | tail -c +5 > sig.der && \\
            openssl dgst -sha256 -verify keys/\(keyID).pub.pem -signature sig.der text
            """
        let signature = try Tool("sh").run(["-c", recipe])
        #expect(signature.status == 0 && signature.output.contains("Verified OK"), "\(signature.output)")
        #expect(throws: ApplianceError.self) { try logged.log.export(to: out) }  // not empty
    }

    /// RFC 9162 §2.1.3.2 and §2.1.4.2 in Python: reads the reports as a JSON array on stdin.
    static let verifier = """
        import base64, hashlib, json, sys
        H = lambda b: hashlib.sha256(b).digest()
        def inclusion(i, n, leaf, proof, root):
            fn, sn, r = i, n - 1, leaf
            for p in proof:
                if sn == 0: return False
                if fn & 1 or fn == sn:
                    r = H(b'\\x01' + p + r)
                    while not fn & 1 and fn != 0: fn >>= 1; sn >>= 1
                else:
                    r = H(b'\\x01' + r + p)
                fn >>= 1; sn >>= 1
            return sn == 0 and r == root
        def consistency(m, n, old, new, proof):
            if m == n: return not proof and old == new
            if m & (m - 1) == 0: proof = [old] + proof
            fn, sn = m - 1, n - 1
            while fn & 1: fn >>= 1; sn >>= 1
            fr = sr = proof[0]
            for c in proof[1:]:
                if sn == 0: return False
                if fn & 1 or fn == sn:
                    fr = H(b'\\x01' + c + fr); sr = H(b'\\x01' + c + sr)
                    while not fn & 1 and fn != 0: fn >>= 1; sn >>= 1
                else:
                    sr = H(b'\\x01' + sr + c)
                fn >>= 1; sn >>= 1
            return sn == 0 and fr == old and sr == new
        count = 0
        for d in json.load(sys.stdin):
            assert d['schemaVersion'] == 1
            if 'leafIndex' in d:
                leaf = H(b'\\x00' + H(base64.b64decode(d['entry'])))
                root = base64.b64decode(d['checkpoint'].split('\\n')[2])
                assert int(d['checkpoint'].split('\\n')[1]) == d['treeSize']
                assert inclusion(d['leafIndex'], d['treeSize'], leaf, [bytes.fromhex(p) for p in d['proof']], root), d
            else:
                assert consistency(d['oldSize'], d['newSize'], bytes.fromhex(d['oldRootHash']), bytes.fromhex(d['newRootHash']),
                                   [bytes.fromhex(p) for p in d['proof']]), d
                if d.get('newCheckpoint'): assert base64.b64decode(d['newCheckpoint'].split('\\n')[2]).hex() == d['newRootHash']
            count += 1
        print('ok', count)
        """
}
