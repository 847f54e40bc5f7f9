import Foundation
import Testing
import AirlockStore
import AirlockTestKit

/// Migration `v6-log-continuity`: registered right after `v5-trust-roots`, events append-only, a change in
/// one transaction with a decision-log leaf per event.
struct LogContinuityStoreTests {
    @Test func migrationOrderAndRoundTrip() throws {
        let scratch = try ScratchDirectory("store-tlog")
        defer { scratch.remove() }
        let store = try Store(stateDirectory: scratch.state)
        let point = TlogCheckpointRecord(origin: "log.test", size: 5, rootHash: hexID("ab"), logID: hexID("01"), noteSHA256: hexID("02"),
                                         proven: true, recordedAt: Sample.instant)
        let event = TlogEventRecord(origin: "log.test", action: "first", size: 5, rootHash: hexID("ab"), noteSHA256: hexID("02"),
                                    at: Sample.instant, detail: "first checkpoint held for the log")
        try store.catalogue.recordTlogChange(TlogChange(checkpoints: [point], events: [event]))
        #expect(try store.catalogue.tlogCheckpoints() == [point])
        let events = try store.catalogue.tlogEvents(origin: "log.test")
        #expect(events.count == 1 && events[0].action == "first" && events[0].id != nil)
        let leaves = try store.catalogue.logLeaves()
        #expect(leaves.last?.kind == .logEvent && leaves.last?.subject == "log.test")
        // Same origin and size again: the row is replaced (only `proven` may differ), never duplicated.
        var unproven = point
        unproven.proven = false
        try store.catalogue.recordTlogChange(TlogChange(checkpoints: [unproven]))
        #expect(try store.catalogue.tlogCheckpoints() == [unproven])
        try store.catalogue.changeTlogWitness(origin: "log.test", name: "w", TlogWitnessRecord(origin: "log.test", name: "w", verifierKey: "w+00+AA", addedAt: Sample.instant))
        #expect(try store.catalogue.tlogWitnesses().map(\.name) == ["w"])
        try store.catalogue.changeTlogWitness(origin: "log.test", name: "w", nil)
        #expect(try store.catalogue.tlogWitnesses().isEmpty)

        // Checked independently of Airlock, through Python's sqlite3 (D7).
        let database = scratch.state.appendingPathComponent("airlock.sqlite").path
        let order = try Tool.python3.run(["-c", "import sqlite3, sys\nc = sqlite3.connect(sys.argv[1])\nprint(','.join(r[0] for r in c.execute('SELECT identifier FROM grdb_migrations')))", database])
        #expect(order.stdout.contains("v5-trust-roots,v6-log-continuity"), "\(order.output)")
        for statement in ["DELETE FROM tlog_events", "UPDATE tlog_events SET detail = 'edited'"] {
            let script = "import sqlite3, sys\ntry:\n    c = sqlite3.connect(sys.argv[1]); c.execute(sys.argv[2]); c.commit(); print('CHANGED')\nexcept Exception as e:\n    print('REFUSED', e)"
            let result = try Tool.python3.run(["-c", script, database, statement])
            #expect(result.output.contains("REFUSED") && result.output.contains("append-only"), "\(statement): \(result.output)")
        }
    }
}
