public import Foundation
internal import GRDB

extension Catalogue {
    /// Every leaf of the decision log, in index order.
    public func logLeaves() throws(StoreError) -> [DecisionLogLeaf] {
        try read { db in try Self.leaves(db) }
    }

    /// Every signed checkpoint, smallest first.
    public func logCheckpoints() throws(StoreError) -> [DecisionLogCheckpoint] {
        try read { db in try Self.checkpoints(db) }
    }

    /// The latest signed checkpoint (one row, however many are stored).
    public func latestLogCheckpoint() throws(StoreError) -> DecisionLogCheckpoint? {
        try read { db in try Self.checkpoints(db, latestOnly: true).last }
    }

    /// Appends a key-event leaf (its entry is the record) in its own transaction.
    public func appendKeyEvent(keyID: String, entry: Data) throws(StoreError) {
        // Read first: an already logged key (the usual case) costs no write transaction.
        let logged = try read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM log_leaves WHERE kind = 'key' AND record_id = ?", arguments: [keyID]) ?? 0
        }
        if logged > 0 { return }
        try Self.database("log key event \(keyID)") {
            try pool.write { db in
                let seen = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM log_leaves WHERE kind = 'key' AND record_id = ?",
                                            arguments: [keyID]) ?? 0
                if seen == 0 { try DecisionLog.append(.key, recordID: keyID, subject: keyID, entry: entry, db) }
            }
        }
    }

    /// Stores a signed checkpoint, with the subtree hashes its tree added to `log_nodes`, unless one of this
    /// size or larger is stored already (returns false then).
    @discardableResult
    public func appendCheckpoint(_ checkpoint: DecisionLogCheckpoint, nodes: [DecisionLogNodeKey: Data] = [:],
                                 mark: DecisionLogMark? = nil) throws(StoreError) -> Bool {
        try Self.database("record checkpoint \(checkpoint.size)") {
            try pool.write { db -> Bool in try Self.store(checkpoint, nodes: nodes, mark: mark, db) }
        }
    }

    /// `appendCheckpoint` in the caller's transaction.
    static func store(_ checkpoint: DecisionLogCheckpoint, nodes: [DecisionLogNodeKey: Data], mark: DecisionLogMark?,
                      _ db: Database) throws -> Bool {
        let largest = try Int64.fetchOne(try db.cachedStatement(sql: DecisionLogStatements.latestCheckpointSize))
        if let largest, largest >= checkpoint.size { return false }
        try db.cachedStatement(sql: DecisionLogStatements.insertCheckpoint)
            .execute(arguments: [checkpoint.size, checkpoint.keyID, StorageDate.text(checkpoint.signedAt), checkpoint.note])
        let insert = try db.cachedStatement(sql: DecisionLogStatements.insertNode)
        for (key, hash) in nodes { try insert.execute(arguments: [key.level, Int64(key.index), hash]) }
        if let mark { try Self.storeMark(mark, db) }
        return true
    }

    /// The leaves from index `start` on, in index order.
    public func logLeaves(from start: Int64) throws(StoreError) -> [DecisionLogLeaf] {
        try read { db in try Self.leaves(db, from: start) }
    }

    /// The leaf of the record `kind:recordID`, if logged.
    public func logLeaf(_ kind: DecisionLogKind, recordID: String) throws(StoreError) -> DecisionLogLeaf? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT idx, subject, entry FROM log_leaves WHERE kind = ? AND record_id = ?",
                             arguments: [kind.rawValue, recordID]).map {
                DecisionLogLeaf(index: $0[0], kind: kind, recordID: recordID, subject: $0[1], entry: $0[2])
            }
        }
    }

    /// Leaves the node cache covers: one more than the highest cached leaf hash (0 when empty).
    public func logNodeCount() throws(StoreError) -> UInt64 {
        try read { db in UInt64(try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(idx) + 1, 0) FROM log_nodes WHERE level = 0") ?? 0) }
    }

    /// The cached subtree hashes of these keys (absent keys are left out).
    public func logNodes(_ keys: Set<DecisionLogNodeKey>) throws(StoreError) -> [DecisionLogNodeKey: Data] {
        try read { db in
            let select = try db.cachedStatement(sql: DecisionLogStatements.node)
            var out: [DecisionLogNodeKey: Data] = [:]
            for key in keys {
                if let hash = try Data.fetchOne(select, arguments: [key.level, Int64(key.index)]) { out[key] = hash }
            }
            return out
        }
    }

    /// Every cached subtree hash (`audit verify` compares them with the tree it recomputes).
    public func allLogNodes() throws(StoreError) -> [DecisionLogNodeKey: Data] {
        try read { db in try Self.allLogNodes(db) }
    }

    static func allLogNodes(_ db: Database) throws -> [DecisionLogNodeKey: Data] {
        var out: [DecisionLogNodeKey: Data] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT level, idx, hash FROM log_nodes") {
            out[DecisionLogNodeKey(level: row[0], index: UInt64(row[1] as Int64))] = row[2]
        }
        return out
    }

    /// Records the write guard's mark (replacing the previous one).
    public func recordGuardMark(_ mark: DecisionLogMark) throws(StoreError) {
        try Self.database("record the decision-log guard mark") {
            try pool.write { db in try Self.storeMark(mark, db) }
        }
    }

    // The guard's and the seal's statements are cached: a command guards and seals more than once on one
    // connection (D32).
    static func storeMark(_ mark: DecisionLogMark, _ db: Database) throws {
        try db.cachedStatement(sql: DecisionLogStatements.storeMark)
            .execute(arguments: [mark.size, mark.rootHash, mark.sweep, StorageDate.text(mark.verifiedAt)])
        try db.cachedStatement(sql: DecisionLogStatements.clearMarkRowids).execute()
        let insert = try db.cachedStatement(sql: DecisionLogStatements.insertMarkRowid)
        for (kind, high) in mark.rowids {
            try insert.execute(arguments: [kind.rawValue, high])
        }
    }

    static func mark(_ db: Database) throws -> DecisionLogMark? {
        guard var mark = try Row.fetchOne(try db.cachedStatement(sql: DecisionLogStatements.mark)).map({
            DecisionLogMark(size: $0[0], rootHash: $0[1], sweep: $0[2], verifiedAt: try StorageDate.date($0, 3, "log_verified.verified_at"))
        }) else { return nil }
        for row in try Row.fetchAll(try db.cachedStatement(sql: DecisionLogStatements.markRowids)) {
            if let kind = DecisionLogKind(rawValue: row[0]) { mark.rowids[kind] = row[1] }
        }
        return mark
    }

    static func missingTriggers(_ db: Database) throws -> [String] {
        let present = Set(try String.fetchAll(try db.cachedStatement(sql: DecisionLogStatements.triggers)))
        return DecisionLog.appendOnlyTriggers.filter { !present.contains($0) }
    }

    static func leaves(_ db: Database, from start: Int64 = 0) throws -> [DecisionLogLeaf] {
        try Row.fetchAll(try db.cachedStatement(sql: DecisionLogStatements.leavesFrom),
                         arguments: [start]).map { row in
            let kindText: String = row[1]
            guard let kind = DecisionLogKind(rawValue: kindText) else {
                throw StoreError(.database, "log leaf \(row[0] as Int64) has an unknown kind \"\(kindText)\"")
            }
            return DecisionLogLeaf(index: row[0], kind: kind, recordID: row[2], subject: row[3], entry: row[4])
        }
    }

    static func checkpoints(_ db: Database, latestOnly: Bool = false) throws -> [DecisionLogCheckpoint] {
        let sql = latestOnly ? DecisionLogStatements.latestCheckpoint
            : "SELECT size, key_id, signed_at, note FROM log_checkpoints ORDER BY size"
        return try Row.fetchAll(try db.cachedStatement(sql: sql)).map {
            DecisionLogCheckpoint(size: $0[0], keyID: $0[1], signedAt: try StorageDate.date($0, 2, "log_checkpoints.signed_at"), note: $0[3])
        }
    }

    static func blobUses(_ db: Database) throws -> [(sha256: String, usedBy: [String])] {
        var uses: [String: [String]] = [:]
        for sha in try String.fetchAll(db, sql: "SELECT sha256 FROM blobs ORDER BY sha256") { uses[sha] = [] }
        for row in try Row.fetchAll(db, sql: "SELECT id, sha256 FROM evidence ORDER BY id") {
            uses[row[1], default: []].append("evidence \(row[0] as Int64)")
        }
        for row in try Row.fetchAll(db, sql: "SELECT bundle_id, path, sha256 FROM bundle_files ORDER BY bundle_id, path") {
            uses[row[2], default: []].append("import \(row[0] as String) file \(row[1] as String)")
        }
        for row in try Row.fetchAll(db, sql: "SELECT seq, policy_sha256 FROM verdicts ORDER BY seq") {
            uses[row[1], default: []].append("verdict \(row[0] as Int64) policy")
        }
        return uses.keys.sorted().map { (sha256: $0, usedBy: uses[$0] ?? []) }
    }
}
