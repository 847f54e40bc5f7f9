public import Foundation
internal import GRDB

extension Catalogue {
    /// What the write guard needs, in one read transaction on the writer's connection (`readOnWriter`), without reading or counting the whole log: the
    /// leaves from the mark to the latest checkpoint and `sweep` older ones from the mark's sweep cursor
    /// (wrapping), each with the entry its rows give now; the end of the log and any leaf missing from the
    /// mark on or in the sweep window; unlogged records above the mark's rowids; missing triggers; the latest
    /// checkpoint; the mark; and, when the node cache covers the signed size, the cached nodes
    /// `rootNodes(signedSize)` names plus the leaf hash of every re-checked signed leaf. O(new + sweep + log n).
    public func decisionLogGuardSnapshot(sweep: Int, rootNodes: (UInt64) -> Set<DecisionLogNodeKey>)
        throws(StoreError) -> DecisionLogGuardSnapshot {
        try readOnWriter { db in
            let checkpoint = try Self.checkpoints(db, latestOnly: true).last
            let mark = try Self.mark(db)
            let end = try Int64.fetchOne(try db.cachedStatement(sql: DecisionLogStatements.leafEnd)) ?? 0
            let signed = min(end, checkpoint?.size ?? 0)
            let from = min(mark?.size ?? 0, signed)
            var indices = Array(from..<signed)
            let window = min(Int64(sweep), from)
            if window > 0 {
                let start = max(0, mark?.sweep ?? 0) % from
                indices += (0..<window).map { (start + $0) % from }
            }
            let select = try db.cachedStatement(sql: DecisionLogStatements.leafAt)
            var leaves: [DecisionLogSnapshot.Leaf] = []
            var missing: [Int64] = []
            // Rows compared with their entries byte for byte straight from SQLite (D27); the slow path only
            // where that cannot decide. The writer's cached statements: the same ones its leaf appends use.
            let scanner = DecisionLogScanner(db.sqliteConnection) { try db.cachedStatement(sql: $0).sqliteStatement }
            defer { scanner.finalize() }
            indices.sort()
            for (position, index) in indices.enumerated() where position == 0 || indices[position - 1] != index {
                guard let row = try Row.fetchOne(select, arguments: [index]) else {
                    missing.append(index)
                    continue
                }
                let kindText: String = row[1]
                guard let kind = DecisionLogKind(rawValue: kindText) else {
                    throw StoreError(.database, "log leaf \(index) has an unknown kind \"\(kindText)\"")
                }
                let leaf = DecisionLogLeaf(index: row[0], kind: kind, recordID: row[2], subject: row[3], entry: row[4])
                let outcome = kind == .key ? .equal : try leaf.entry.withUnsafeBytes { try scanner.compare(kind, recordID: leaf.recordID, with: $0) }
                switch outcome {
                case .equal: leaves.append(.init(stored: leaf, rebuilt: leaf.entry))
                case .missing: leaves.append(.init(stored: leaf, rebuilt: nil))
                case .differs: leaves.append(.init(stored: leaf, rebuilt: try DecisionLogRows.fetch(kind, recordID: leaf.recordID, db)?.encode()))
                }
            }
            // Leaves past the signed size (a checkpoint that failed after its write): present without a gap.
            let unsigned = try Int64.fetchOne(try db.cachedStatement(sql: DecisionLogStatements.leavesFromCount), arguments: [signed]) ?? 0
            if unsigned != end - signed {
                let present = Set(try Int64.fetchAll(db, sql: "SELECT idx FROM log_leaves WHERE idx >= ?", arguments: [signed]))
                missing += (signed..<end).filter { !present.contains($0) }
            }
            let nodeCount = try Self.nodeCount(db)
            var nodes: [DecisionLogNodeKey: Data] = [:]
            if nodeCount >= UInt64(signed) {
                let wanted = rootNodes(UInt64(signed))
                    .union(leaves.filter { $0.stored.index < signed }.map { DecisionLogNodeKey(level: 0, index: UInt64($0.stored.index)) })
                nodes = try Self.nodes(wanted, db)
            }
            let (unlogged, rowids) = try DecisionLog.unlogged(db, above: mark?.rowids ?? [:])
            let first = try Int64.fetchOne(try db.cachedStatement(sql: DecisionLogStatements.firstLeaf))
            return DecisionLogGuardSnapshot(leaves: leaves, firstLeaf: first, leafEnd: end, missingLeaves: missing.sorted(), swept: window,
                                            unlogged: unlogged, missingTriggers: try Self.missingTriggers(db),
                                            checkpoint: checkpoint, mark: mark, nodeCount: nodeCount, nodes: nodes, rowids: rowids)
        }
    }

    /// The latest checkpoint, one more than the highest leaf index, how many leaves the node cache covers, and
    /// the cached nodes `rootNodes(latest size)` names (the frontier the next checkpoint grows from), read on
    /// the writer's connection (cached statements, O(log n)): what a command's later write checks to know the
    /// log and its node cache are still the ones it signed.
    public func decisionLogHead(rootNodes: (UInt64) -> Set<DecisionLogNodeKey>) throws(StoreError)
        -> (latest: DecisionLogCheckpoint?, leafEnd: Int64, nodeCount: UInt64, nodes: [DecisionLogNodeKey: Data]) {
        try readOnWriter { db in
            let end = try Int64.fetchOne(try db.cachedStatement(sql: DecisionLogStatements.leafEnd)) ?? 0
            let latest = try Self.checkpoints(db, latestOnly: true).last
            let nodes = try latest.map { try Self.nodes(rootNodes(UInt64($0.size)), db) } ?? [:]
            return (latest, end, try Self.nodeCount(db), nodes)
        }
    }

    /// What signing a checkpoint needs, in one read transaction: the end of the log, the latest checkpoint,
    /// which of `keyIDs` have no key-event leaf yet, how many leaves the node cache covers, the cached nodes
    /// `frontier(cached)` names, and the leaves from the cache's end on (the ones to hash).
    public func decisionLogCheckpointState(keyIDs: [String], frontier: (UInt64) -> [DecisionLogNodeKey])
        throws(StoreError) -> DecisionLogCheckpointState {
        try read { db in try Self.checkpointState(db, keyIDs: keyIDs, frontier: frontier) }
    }

    static func checkpointState(_ db: Database, keyIDs: [String], frontier: (UInt64) -> [DecisionLogNodeKey]) throws -> DecisionLogCheckpointState {
        let end = try Int64.fetchOne(try db.cachedStatement(sql: DecisionLogStatements.leafEnd)) ?? 0
        let logged = try db.cachedStatement(sql: DecisionLogStatements.keyLogged)
        let unloggedKeys = try keyIDs.filter { try Int.fetchOne(logged, arguments: [$0]) == nil }
        let cached = min(try Self.nodeCount(db), UInt64(end))
        return DecisionLogCheckpointState(leafEnd: end, latest: try Self.checkpoints(db, latestOnly: true).last,
                                          unloggedKeys: unloggedKeys, cached: cached,
                                          frontier: try Self.nodes(Set(frontier(cached)), db),
                                          fresh: try Self.leaves(db, from: Int64(cached)))
    }

    static func nodeCount(_ db: Database) throws -> UInt64 {
        UInt64(try Int64.fetchOne(try db.cachedStatement(sql: DecisionLogStatements.nodeCount)) ?? 0)
    }

    static func nodes(_ keys: Set<DecisionLogNodeKey>, _ db: Database) throws -> [DecisionLogNodeKey: Data] {
        let select = try db.cachedStatement(sql: DecisionLogStatements.node)
        var out: [DecisionLogNodeKey: Data] = [:]
        for key in keys {
            if let hash = try Data.fetchOne(select, arguments: [key.level, Int64(key.index)]) { out[key] = hash }
        }
        return out
    }
}

/// What signing a checkpoint reads (`Catalogue.decisionLogCheckpointState`).
public struct DecisionLogCheckpointState: Sendable {
    /// One more than the highest leaf index (0 when the log is empty).
    public var leafEnd: Int64
    /// The latest signed checkpoint.
    public var latest: DecisionLogCheckpoint?
    /// The ring keys asked about that no key-event leaf logs yet.
    public var unloggedKeys: [String]
    /// Leaves the node cache covers (at most `leafEnd`).
    public var cached: UInt64
    /// The cached nodes of the cache's frontier.
    public var frontier: [DecisionLogNodeKey: Data]
    /// The leaves from `cached` on, in index order.
    public var fresh: [DecisionLogLeaf]
}
