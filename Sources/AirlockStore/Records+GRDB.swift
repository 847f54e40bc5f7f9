public import GRDB

// Table bindings of the record structs (GRDB RecordRecommendedPractices: one Codable struct per table).
// GRDB is imported publicly only for these conformances; clients never open a database themselves.

extension BundleRecord: FetchableRecord, PersistableRecord {
    /// Table `bundles`.
    public static let databaseTableName = "bundles"
}

extension BundleFileRecord: FetchableRecord, PersistableRecord {
    /// Table `bundle_files`.
    public static let databaseTableName = "bundle_files"
}

extension BlobRecord: FetchableRecord, PersistableRecord {
    /// Table `blobs`.
    public static let databaseTableName = "blobs"
}

extension ImageRecord: FetchableRecord, PersistableRecord {
    /// Table `images`.
    public static let databaseTableName = "images"
}

extension EvidenceRecord: FetchableRecord, MutablePersistableRecord {
    /// Table `evidence`.
    public static let databaseTableName = "evidence"

    /// Keeps the row id SQLite assigned.
    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

extension VerdictRecord: FetchableRecord, MutablePersistableRecord {
    /// Table `verdicts`.
    public static let databaseTableName = "verdicts"

    /// Keeps the sequence number SQLite assigned.
    public mutating func didInsert(_ inserted: InsertionSuccess) {
        seq = inserted.rowID
    }
}

extension VerdictCheckRecord: FetchableRecord, PersistableRecord {
    /// Table `verdict_checks`.
    public static let databaseTableName = "verdict_checks"
}
