internal import GRDB

extension Migrations {
    /// `v2-verdicts`: append-only verdicts with one row per check. Triggers refuse UPDATE and DELETE, so
    /// a verdict once recorded stays as it was decided.
    static func registerVerdicts(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v2-verdicts") { db in
            try db.create(table: "verdicts") { t in
                t.autoIncrementedPrimaryKey("seq")
                t.column("id", .text).notNull()
                t.column("subject_digest", .text).notNull()
                t.column("result", .text).notNull()
                t.column("rule", .text)
                t.column("policy_sha256", .text).notNull().references("blobs")
                t.column("verification_time", .text).notNull()
                t.column("tool_version", .text).notNull()
                t.column("recorded_at", .datetime).notNull()
                t.column("document", .blob).notNull()
            }
            try db.create(index: "verdicts_subject", on: "verdicts", columns: ["subject_digest", "seq"])
            try db.create(index: "verdicts_id", on: "verdicts", columns: ["id"])
            try db.create(table: "verdict_checks") { t in
                t.column("verdict_seq", .integer).notNull().references("verdicts")
                t.column("position", .integer).notNull()
                t.column("check_id", .text).notNull()
                t.column("status", .text).notNull()
                t.column("message", .text).notNull()
                t.column("evidence", .jsonText).notNull()
                t.primaryKey(["verdict_seq", "position"])
            }
            for table in ["verdicts", "verdict_checks"] {
                for action in ["UPDATE", "DELETE"] {
                    try db.execute(sql: """
                        CREATE TRIGGER \(table)_no_\(action.lowercased()) BEFORE \(action) ON \(table)
                        BEGIN SELECT RAISE(ABORT, '\(table) are append-only'); END
                        """)
                }
            }
        }
    }
}
