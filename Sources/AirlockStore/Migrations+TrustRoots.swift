internal import GRDB

extension Migrations {
    /// `v5-trust-roots`: named trust roots kept in the store (`trust_roots`, the current set, bytes in the
    /// blob store), every change to them as an append-only event (`trust_root_events`), and the TUF state
    /// of roots pinned to a TUF repository (`tuf_pins`: the trusted `root.json` and the highest versions seen).
    static func registerTrustRoots(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v5-trust-roots") { db in
            try db.create(table: "trust_roots") { t in
                t.primaryKey("name", .text)
                t.column("sha256", .text).notNull()
                t.column("origin", .text).notNull()
                t.column("added_at", .datetime).notNull()
            }
            try db.create(table: "trust_root_events") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("name", .text).notNull()
                t.column("action", .text).notNull()
                t.column("sha256", .text)
                t.column("origin", .text).notNull()
                t.column("at", .datetime).notNull()
                t.column("detail", .text).notNull()
            }
            try db.create(index: "trust_root_events_name", on: "trust_root_events", columns: ["name"])
            try db.create(table: "tuf_pins") { t in
                t.primaryKey("name", .text)
                t.column("root_sha256", .text).notNull()
                t.column("root_version", .integer).notNull()
                t.column("timestamp_version", .integer).notNull()
                t.column("snapshot_version", .integer).notNull()
                t.column("targets_version", .integer).notNull()
                t.column("updated_at", .datetime).notNull()
            }
            for action in ["UPDATE", "DELETE"] {
                try db.execute(sql: """
                    CREATE TRIGGER trust_root_events_no_\(action.lowercased()) BEFORE \(action) ON trust_root_events
                    BEGIN SELECT RAISE(ABORT, 'trust_root_events are append-only'); END
                    """)
            }
        }
    }
}
