internal import GRDB

extension Migrations {
    /// `v4-decision-log`: the tamper-evident decision log (docs/decisions.md, "Decision log").
    ///
    /// `log_leaves` holds one RFC 8785 canonical JSON entry per logged record (import, verdict, approval,
    /// revocation, key event), numbered from 0 in append order; the Merkle leaf is the SHA-256 of the entry.
    /// `log_checkpoints` holds the appliance-signed C2SP checkpoints, one per tree size. Both are append-only.
    /// A catalogue made before this migration gets leaves for its existing records here, so the log
    /// covers the whole history and the next signed checkpoint vouches for it.
    static func registerDecisionLog(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v4-decision-log") { db in
            try db.create(table: "log_leaves") { t in
                t.primaryKey("idx", .integer)
                t.column("kind", .text).notNull()
                t.column("record_id", .text).notNull()
                t.column("subject", .text).notNull()
                t.column("entry", .blob).notNull()
                t.uniqueKey(["kind", "record_id"])
            }
            try db.create(index: "log_leaves_subject", on: "log_leaves", columns: ["subject"])
            try db.create(table: "log_checkpoints") { t in
                t.primaryKey("size", .integer)
                t.column("key_id", .text).notNull()
                t.column("signed_at", .datetime).notNull()
                t.column("note", .text).notNull()
            }
            for table in ["log_leaves", "log_checkpoints"] {
                for action in ["UPDATE", "DELETE"] {
                    try db.execute(sql: """
                        CREATE TRIGGER \(table)_no_\(action.lowercased()) BEFORE \(action) ON \(table)
                        BEGIN SELECT RAISE(ABORT, '\(table) are append-only'); END
                        """)
                }
            }
            try DecisionLog.backfill(db, kinds: [.import, .verdict, .approval, .revocation])
        }
    }
}

extension Migrations {
    /// `v8-decision-log-trust-roots`: trust-root changes become decision-log leaves (kind `trustroot`, one per
    /// `trust_root_events` row; events recorded before this migration get their leaves here, oldest first),
    /// `log_nodes` caches the tree's complete aligned subtree hashes (stored with each checkpoint, append-only),
    /// so proofs and roots cost O(log² n) reads, and `log_verified` holds the write guard's mark: the size and root up to which the guard last rebuilt
    /// every record from its rows, and where its rotating sweep over older records resumes
    /// (docs/decisions.md D20, "Before writing"). The mark only saves work; it vouches for nothing.
    static func registerDecisionLogTrustRoots(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v8-decision-log-trust-roots") { db in
            try db.create(table: "log_verified") { t in
                t.primaryKey("id", .integer).check { $0 == 1 }
                t.column("size", .integer).notNull()
                t.column("root_hash", .text).notNull()
                t.column("sweep", .integer).notNull()
                t.column("verified_at", .datetime).notNull()
            }
            try db.execute(sql: """
                CREATE TABLE log_nodes (level INTEGER NOT NULL, idx INTEGER NOT NULL, hash BLOB NOT NULL,
                                        PRIMARY KEY (level, idx)) WITHOUT ROWID
                """)
            for table in ["log_nodes"] {
                for action in ["UPDATE", "DELETE"] {
                    try db.execute(sql: """
                        CREATE TRIGGER \(table)_no_\(action.lowercased()) BEFORE \(action) ON \(table)
                        BEGIN SELECT RAISE(ABORT, '\(table) are append-only'); END
                        """)
                }
            }
            try DecisionLog.backfill(db, kinds: [.trustRoot])
        }
    }
}

extension Migrations {
    /// `v9-decision-log-guard-rowids`: the write guard's mark also holds, per record table, the highest rowid
    /// it had checked for a leaf (`log_verified_rowids`, one row per kind), so the next guard looks for
    /// unlogged records only among rows above it (and any with a rowid below 1, which SQLite never assigns)
    /// instead of counting every table (docs/decisions.md D26). A catalogue migrated here has no row yet:
    /// its next guard checks every record once.
    static func registerDecisionLogGuardRowids(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v9-decision-log-guard-rowids") { db in
            try db.execute(sql: """
                CREATE TABLE log_verified_rowids (kind TEXT NOT NULL PRIMARY KEY, high INTEGER NOT NULL) WITHOUT ROWID
                """)
        }
    }
}
