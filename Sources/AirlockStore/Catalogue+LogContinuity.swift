public import Foundation
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

    /// Makes one.
    public init(checkpoints: [TlogCheckpointRecord] = [], events: [TlogEventRecord] = []) {
        self.checkpoints = checkpoints
        self.events = events
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

    /// Writes `change` in the caller's transaction, each event with its decision-log leaf.
    static func apply(_ change: TlogChange, _ db: Database) throws {
        for point in change.checkpoints {
            _ = try StoredRow<TlogCheckpointRecord>.filter(Column("origin") == point.origin && Column("size") == point.size).deleteAll(db)
            var point = point
            try point.insert(db)
        }
        for event in change.events {
            var event = event
            try event.insert(db)
            try DecisionLog.append(.logEvent, recordID: String(event.id ?? 0), subject: event.origin, db)
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
