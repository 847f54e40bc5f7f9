internal import GRDB

/// The SQL texts the write guard, a logged write and its seal run on the writer's connection, in one place,
/// so that `Catalogue.prepareDecisionLogWrites(kinds:)` prepares into the connection's statement cache exactly
/// the statements the write will look up there (the cache is keyed by text), and a test can hold every one
/// of them to a query plan that reads no whole table that grows with the log (`DecisionLogQueryPlanTests`).
enum DecisionLogStatements {
    static let leafEnd = "SELECT COALESCE(MAX(idx) + 1, 0) FROM log_leaves"
    static let insertLeaf = "INSERT INTO log_leaves (idx, kind, record_id, subject, entry) VALUES (?, ?, ?, ?, ?)"
    static let keyLogged = "SELECT 1 FROM log_leaves WHERE kind = 'key' AND record_id = ?"
    static let leavesFrom = "SELECT idx, kind, record_id, subject, entry FROM log_leaves WHERE idx >= ? ORDER BY idx"
    static let nodeCount = "SELECT COALESCE(MAX(idx) + 1, 0) FROM log_nodes WHERE level = 0"
    static let node = "SELECT hash FROM log_nodes WHERE level = ? AND idx = ?"
    static let latestCheckpointSize = "SELECT MAX(size) FROM log_checkpoints"
    static let latestCheckpoint = "SELECT size, key_id, signed_at, note FROM log_checkpoints WHERE size = (SELECT MAX(size) FROM log_checkpoints)"
    static let insertCheckpoint = "INSERT INTO log_checkpoints (size, key_id, signed_at, note) VALUES (?, ?, ?, ?)"
    static let insertNode = "INSERT OR IGNORE INTO log_nodes (level, idx, hash) VALUES (?, ?, ?)"
    static let storeMark = "INSERT OR REPLACE INTO log_verified (id, size, root_hash, sweep, verified_at) VALUES (1, ?, ?, ?, ?)"
    static let clearMarkRowids = "DELETE FROM log_verified_rowids"
    static let insertMarkRowid = "INSERT INTO log_verified_rowids (kind, high) VALUES (?, ?)"
    static let firstLeaf = "SELECT MIN(idx) FROM log_leaves"
    static let leafAt = "SELECT idx, kind, record_id, subject, entry FROM log_leaves WHERE idx = ?"
    static let leavesFromCount = "SELECT COUNT(*) FROM log_leaves WHERE idx >= ?"
    static let mark = "SELECT size, root_hash, sweep, verified_at FROM log_verified WHERE id = 1"
    static let markRowids = "SELECT kind, high FROM log_verified_rowids"
    static let triggers = "SELECT name FROM sqlite_master WHERE type = 'trigger'"

    /// Every statement the write guard runs, besides the entry sections of the records it rebuilds.
    static var forGuard: [String] {
        [latestCheckpoint, mark, markRowids, leafEnd, firstLeaf, leafAt, leavesFromCount, nodeCount, node, triggers, DecisionLog.boundsQuery]
            + DecisionLog.recordKinds.map(DecisionLog.unloggedQuery)
    }

    /// Every statement a logged write of records of `kinds` and its seal run: each kind's entry sections,
    /// the leaf append, the checkpoint's reads and inserts, the mark's.
    static func forWrites(of kinds: [DecisionLogKind]) -> [String] {
        kinds.flatMap { DecisionLog.sections($0).map(\.sql) }
            + [leafEnd, insertLeaf, keyLogged, leavesFrom, nodeCount, node, latestCheckpointSize, latestCheckpoint,
               insertCheckpoint, insertNode, storeMark, clearMarkRowids, insertMarkRowid]
    }
}

extension Catalogue {
    /// Prepares, on the writer's connection and into its statement cache, the statements a logged write of
    /// records of `kinds` and its checkpoint will run (`DecisionLogStatements.forWrites`), so that the write,
    /// inside its transaction, finds them prepared. Reads and writes no row. Meant for a thread beside the
    /// command's reading of its input (`import`: beside the archive stream; docs/decisions.md D33).
    public func prepareDecisionLogWrites(kinds: [DecisionLogKind]) throws(StoreError) {
        try readOnWriter { db in
            for sql in DecisionLogStatements.forWrites(of: kinds) { _ = try db.cachedStatement(sql: sql) }
        }
    }
}
