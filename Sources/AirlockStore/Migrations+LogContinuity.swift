internal import GRDB

extension Migrations {
    /// `v6-log-continuity`: the checkpoints held per transparency log (`tlog_checkpoints`, one row per origin
    /// and size; the signed note is a blob), every continuity event and split view (`tlog_events`, append-only,
    /// both notes of a split view kept as blobs), and the pinned witness keys per log (`tlog_witnesses`).
    static func registerLogContinuity(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v6-log-continuity") { db in
            try db.create(table: "tlog_checkpoints") { t in
                t.column("origin", .text).notNull()
                t.column("size", .integer).notNull()
                t.column("root_hash", .text).notNull()
                t.column("log_id", .text).notNull()
                t.column("note_sha256", .text).notNull()
                t.column("proven", .boolean).notNull()
                t.column("recorded_at", .datetime).notNull()
                t.primaryKey(["origin", "size"])
            }
            try db.create(table: "tlog_events") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("origin", .text).notNull()
                t.column("action", .text).notNull()
                t.column("size", .integer).notNull()
                t.column("root_hash", .text).notNull()
                t.column("note_sha256", .text).notNull()
                t.column("other_note_sha256", .text)
                t.column("at", .datetime).notNull()
                t.column("detail", .text).notNull()
            }
            try db.create(index: "tlog_events_origin", on: "tlog_events", columns: ["origin"])
            try db.create(table: "tlog_witnesses") { t in
                t.column("origin", .text).notNull()
                t.column("name", .text).notNull()
                t.column("verifier_key", .text).notNull()
                t.column("added_at", .datetime).notNull()
                t.primaryKey(["origin", "name"])
            }
            for action in ["UPDATE", "DELETE"] {
                try db.execute(sql: """
                    CREATE TRIGGER tlog_events_no_\(action.lowercased()) BEFORE \(action) ON tlog_events
                    BEGIN SELECT RAISE(ABORT, 'tlog_events are append-only'); END
                    """)
            }
        }
    }
}
