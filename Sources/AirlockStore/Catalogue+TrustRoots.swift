import Foundation
internal import GRDB

extension TrustRootRecord: StoredRecord {
    static let databaseTableName = "trust_roots"
}

extension TrustRootEventRecord: StoredRecord {
    static let databaseTableName = "trust_root_events"

    mutating func didInsert(rowID: Int64) { id = rowID }
}

extension TUFPinRecord: StoredRecord {
    static let databaseTableName = "tuf_pins"
}

extension Catalogue {
    /// Every stored trust root, by name.
    public func trustRoots() throws(StoreError) -> [TrustRootRecord] {
        try read { db in try TrustRootRecord.rows.order(Column("name")).records(db) }
    }

    /// The stored trust root called `name`, if any.
    public func trustRoot(named name: String) throws(StoreError) -> TrustRootRecord? {
        try read { db in try TrustRootRecord.rows.filter(Column("name") == name).record(db) }
    }

    /// The TUF state of `name`, if it is pinned to a TUF repository.
    public func tufPin(named name: String) throws(StoreError) -> TUFPinRecord? {
        try read { db in try TUFPinRecord.rows.filter(Column("name") == name).record(db) }
    }

    /// The names of every TUF pin, sorted.
    public func tufPinNames() throws(StoreError) -> [String] {
        try read { db in try TUFPinRecord.rows.order(Column("name")).records(db).map(\.name) }
    }

    /// The events of `name` (every name when nil), oldest first.
    public func trustRootEvents(named name: String? = nil) throws(StoreError) -> [TrustRootEventRecord] {
        try read { db in
            var rows = TrustRootEventRecord.rows
            if let name { rows = rows.filter(Column("name") == name) }
            return try rows.order(Column("id")).records(db)
        }
    }

    /// Adds or replaces the root `record.name` (nil removes it) and the TUF state (when given), with its
    /// event, in one transaction. The blob must already be in the blob store.
    public func changeTrustRoot(_ record: TrustRootRecord?, pin: TUFPinRecord?, event: TrustRootEventRecord) throws(StoreError) {
        try Self.database("change trust root \(event.name)") {
            try pool.write { db in
                _ = try StoredRow<TrustRootRecord>.filter(Column("name") == event.name).deleteAll(db)
                if var record { try record.insert(db) }
                if let pin {
                    _ = try StoredRow<TUFPinRecord>.filter(Column("name") == pin.name).deleteAll(db)
                    var pin = pin
                    try pin.insert(db)
                } else if record == nil {
                    _ = try StoredRow<TUFPinRecord>.filter(Column("name") == event.name).deleteAll(db)
                }
                var event = event
                try event.insert(db)
                try DecisionLog.append(.trustRoot, recordID: String(event.id ?? db.lastInsertedRowID), subject: event.name, db)
                try seal(db)
            }
        }
    }
}
