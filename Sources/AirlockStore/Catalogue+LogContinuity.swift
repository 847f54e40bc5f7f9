import Foundation
internal import GRDB

extension TlogCheckpointRecord: StoredRecord {
    static let databaseTableName = "tlog_checkpoints"
}

extension TlogEventRecord: StoredRecord {
    static let databaseTableName = "tlog_events"

    mutating func didInsert(rowID: Int64) { id = rowID }
}

extension TlogWitnessRecord: StoredRecord {
    static let databaseTableName = "tlog_witnesses"
}

/// One change to the held checkpoints: rows to insert or replace, and the events explaining them.
public struct TlogChange: Sendable {
    /// Checkpoints to insert, or to replace (same origin and size: only `proven` may change).
    public var checkpoints: [TlogCheckpointRecord]
    /// Events to append.
    public var events: [TlogEventRecord]
    /// What the change was decided on: per origin it touches, the held checkpoints as
    /// `TlogChange.heldKey(size:rootHash:proven:)` gives them. When set, the write first reads the held
    /// checkpoints of those origins again, inside its transaction, and refuses with `conflict` (nothing
    /// written) if they differ: another command held checkpoints of the same log meanwhile, and this
    /// change, judged without them, could record a second "first" or replace a root it never compared.
    public var premise: [String: Set<String>]?

    /// Makes one.
    public init(checkpoints: [TlogCheckpointRecord] = [], events: [TlogEventRecord] = [], premise: [String: Set<String>]? = nil) {
        self.checkpoints = checkpoints
        self.events = events
        self.premise = premise
    }

    /// One held checkpoint as a premise names it.
    public static func heldKey(size: Int64, rootHash: String, proven: Bool) -> String {
        "\(size) \(rootHash) \(proven)"
    }

    /// True when there is nothing to write.
    public var isEmpty: Bool { checkpoints.isEmpty && events.isEmpty }
}

extension Catalogue {
    /// Every held checkpoint, by origin then size.
    public func tlogCheckpoints() throws(StoreError) -> [TlogCheckpointRecord] {
        try read { db in try TlogCheckpointRecord.rows.order(Column("origin"), Column("size")).records(db) }
    }

    /// Every continuity event (of `origin` when given), oldest first.
    public func tlogEvents(origin: String? = nil) throws(StoreError) -> [TlogEventRecord] {
        try read { db in
            var rows = TlogEventRecord.rows
            if let origin { rows = rows.filter(Column("origin") == origin) }
            return try rows.order(Column("id")).records(db)
        }
    }

    /// Every pinned witness, by origin then name.
    public func tlogWitnesses() throws(StoreError) -> [TlogWitnessRecord] {
        try read { db in try TlogWitnessRecord.rows.order(Column("origin"), Column("name")).records(db) }
    }

    /// Writes a continuity change in one transaction (note blobs must already be stored); each event is also
    /// a decision-log leaf (kind `log-event`) in the same transaction.
    public func recordTlogChange(_ change: TlogChange) throws(StoreError) {
        guard !change.isEmpty else { return }
        try Self.database("record log checkpoints") {
            try pool.write { db in
                try Self.apply(change, db)
                try seal(db)
            }
        }
    }

    /// Writes `change` in the caller's transaction, each event with its decision-log leaf, after checking
    /// its premise (throws `conflict` when the held checkpoints it was decided on changed).
    static func apply(_ change: TlogChange, _ db: Database) throws {
        if let premise = change.premise, !change.isEmpty {
            let select = try db.cachedStatement(sql: "SELECT size, root_hash, proven FROM tlog_checkpoints WHERE origin = ?")
            for (origin, expected) in premise {
                var held = Set<String>()
                for row in try Row.fetchAll(select, arguments: [origin]) {
                    held.insert(TlogChange.heldKey(size: row[0], rootHash: row[1], proven: row[2]))
                }
                guard held == expected else {
                    throw StoreError(.conflict, "the checkpoints held for \(origin) changed while this command decided (another command "
                                     + "recorded some at the same time); nothing was recorded: run it again")
                }
            }
        }
        for point in change.checkpoints {
            _ = try StoredRow<TlogCheckpointRecord>.filter(Column("origin") == point.origin && Column("size") == point.size).deleteAll(db)
            var point = point
            try point.insert(db)
        }
        let layouts = EntryLayouts()
        for event in change.events {
            var event = event
            try event.insert(db)
            try DecisionLog.append(.logEvent, recordID: String(event.id ?? 0), subject: event.origin, db, layouts: layouts)
        }
    }

    /// Pins (`record`) or unpins (nil) the witness `name` of `origin`.
    public func changeTlogWitness(origin: String, name: String, _ record: TlogWitnessRecord?) throws(StoreError) {
        try Self.database("change witness \(name)") {
            try pool.write { db in
                _ = try StoredRow<TlogWitnessRecord>.filter(Column("origin") == origin && Column("name") == name).deleteAll(db)
                if var record { try record.insert(db) }
            }
        }
    }
}
