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

    /// Appends a key-event leaf (its entry is the record) in its own transaction.
    public func appendKeyEvent(keyID: String, entry: Data) throws(StoreError) {
        try Self.database("log key event \(keyID)") {
            try pool.write { db in
                let seen = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM log_leaves WHERE kind = 'key' AND record_id = ?",
                                            arguments: [keyID]) ?? 0
                if seen == 0 { try DecisionLog.append(.key, recordID: keyID, subject: keyID, entry: entry, db) }
            }
        }
    }

    /// Stores a signed checkpoint unless one of this size or larger is stored already (returns false then).
    @discardableResult
    public func appendCheckpoint(_ checkpoint: DecisionLogCheckpoint) throws(StoreError) -> Bool {
        try Self.database("record checkpoint \(checkpoint.size)") {
            try pool.write { db -> Bool in
                let largest = try Int64.fetchOne(db, sql: "SELECT MAX(size) FROM log_checkpoints")
                if let largest, largest >= checkpoint.size { return false }
                try db.execute(sql: "INSERT INTO log_checkpoints (size, key_id, signed_at, note) VALUES (?, ?, ?, ?)",
                               arguments: [checkpoint.size, checkpoint.keyID, checkpoint.signedAt, checkpoint.note])
                return true
            }
        }
    }

    /// The leaves, the entries the rows give now, unlogged records, missing triggers, checkpoints and blob
    /// uses, in one read transaction.
    public func decisionLogSnapshot() throws(StoreError) -> DecisionLogSnapshot {
        try read { db in
            let stored = try Self.leaves(db)
            let leaves = try stored.map { leaf in
                DecisionLogSnapshot.Leaf(stored: leaf, rebuilt: leaf.kind == .key
                    ? leaf.entry : try DecisionLog.entry(leaf.kind, recordID: leaf.recordID, db))
            }
            return DecisionLogSnapshot(leaves: leaves, unlogged: try DecisionLog.unlogged(db), missingTriggers: try Self.missingTriggers(db),
                                       checkpoints: try Self.checkpoints(db), blobs: try Self.blobUses(db))
        }
    }

    /// What the write guard needs, in one read transaction: the stored leaves, the entries rebuilt from rows
    /// for the leaves from the mark to the latest checkpoint and for `sweep` older leaves from the mark's
    /// sweep cursor (wrapping), unlogged records, missing triggers, the latest checkpoint and the mark.
    public func decisionLogGuardSnapshot(sweep: Int) throws(StoreError) -> DecisionLogGuardSnapshot {
        try read { db in
            let leaves = try Self.leaves(db)
            let checkpoint = try Self.checkpoints(db, latestOnly: true).last
            let mark = try Self.mark(db)
            let signed = min(Int64(leaves.count), checkpoint?.size ?? 0)
            let from = min(mark?.size ?? 0, signed)
            var indices = Array(from..<signed)
            if from > 0 {
                let start = max(0, mark?.sweep ?? 0) % from
                indices += (0..<min(Int64(sweep), from)).map { (start + $0) % from }
            }
            var rebuilt: [Int64: Data?] = [:]
            for index in indices where rebuilt[index] == nil {
                let leaf = leaves[Int(index)]
                rebuilt[index] = leaf.kind == .key ? leaf.entry : try DecisionLog.entry(leaf.kind, recordID: leaf.recordID, db)
            }
            return DecisionLogGuardSnapshot(leaves: leaves, rebuilt: rebuilt, unlogged: try DecisionLog.unlogged(db),
                                            missingTriggers: try Self.missingTriggers(db), checkpoint: checkpoint, mark: mark)
        }
    }

    /// Records the write guard's mark (replacing the previous one).
    public func recordGuardMark(_ mark: DecisionLogMark) throws(StoreError) {
        try Self.database("record the decision-log guard mark") {
            try pool.write { db in
                try db.execute(sql: "INSERT OR REPLACE INTO log_verified (id, size, root_hash, sweep, verified_at) VALUES (1, ?, ?, ?, ?)",
                               arguments: [mark.size, mark.rootHash, mark.sweep, mark.verifiedAt])
            }
        }
    }

    private static func mark(_ db: Database) throws -> DecisionLogMark? {
        try Row.fetchOne(db, sql: "SELECT size, root_hash, sweep, verified_at FROM log_verified WHERE id = 1").map {
            DecisionLogMark(size: $0[0], rootHash: $0[1], sweep: $0[2], verifiedAt: $0[3])
        }
    }

    private static func missingTriggers(_ db: Database) throws -> [String] {
        let present = Set(try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger'"))
        return DecisionLog.appendOnlyTriggers.filter { !present.contains($0) }
    }

    private static func leaves(_ db: Database) throws -> [DecisionLogLeaf] {
        try Row.fetchAll(db, sql: "SELECT idx, kind, record_id, subject, entry FROM log_leaves ORDER BY idx").map { row in
            let kindText: String = row[1]
            guard let kind = DecisionLogKind(rawValue: kindText) else {
                throw StoreError(.database, "log leaf \(row[0] as Int64) has an unknown kind \"\(kindText)\"")
            }
            return DecisionLogLeaf(index: row[0], kind: kind, recordID: row[2], subject: row[3], entry: row[4])
        }
    }

    private static func checkpoints(_ db: Database, latestOnly: Bool = false) throws -> [DecisionLogCheckpoint] {
        let sql = latestOnly ? "SELECT size, key_id, signed_at, note FROM log_checkpoints ORDER BY size DESC LIMIT 1"
            : "SELECT size, key_id, signed_at, note FROM log_checkpoints ORDER BY size"
        return try Row.fetchAll(db, sql: sql).map {
            DecisionLogCheckpoint(size: $0[0], keyID: $0[1], signedAt: $0[2], note: $0[3])
        }
    }

    private static func blobUses(_ db: Database) throws -> [(sha256: String, usedBy: [String])] {
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
