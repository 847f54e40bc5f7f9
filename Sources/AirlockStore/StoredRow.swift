internal import GRDB

/// A public record struct that has a table: the module's own, internal view of it.
///
/// The record types are public value types, and GRDB is imported internally, so they cannot conform
/// to GRDB's record protocols themselves (that conformance would be public). Each conforms to this
/// internal protocol instead, and `StoredRow` carries the GRDB conformances on its behalf.
protocol StoredRecord: Codable, Sendable {
    /// The table the record is a row of.
    static var databaseTableName: String { get }
    /// Takes the row id SQLite assigned on insert (records with an auto-incremented key).
    mutating func didInsert(rowID: Int64)
}

extension StoredRecord {
    /// Most records have their key in hand and ignore the row id.
    mutating func didInsert(rowID: Int64) {}

    /// The query interface over the record's table, e.g. `ArchiveRecord.rows.filter(…)`.
    static var rows: QueryInterfaceRequest<StoredRow<Self>> { StoredRow<Self>.all() }

    /// Inserts the record; an auto-incremented key is copied back into `self`.
    mutating func insert(_ db: Database) throws {
        var row = StoredRow(self)
        try row.insert(db)
        self = row.record
    }
}

/// The GRDB face of one record: encodes and decodes exactly as the record's own `Codable`
/// implementation (same column names, JSON columns and date format), so rows written before this
/// wrapper existed read back unchanged.
struct StoredRow<Record: StoredRecord>: Codable, FetchableRecord, MutablePersistableRecord {
    /// The public value.
    var record: Record

    /// Wraps a record.
    init(_ record: Record) {
        self.record = record
    }

    /// The record's table.
    static var databaseTableName: String { Record.databaseTableName }

    /// Dates as GRDB stores them, written and read without ICU (`StorageDate`).
    static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy {
        .custom { StorageDate.text($0) }
    }

    /// Dates as GRDB stores them, read without ICU where they have that form (`StorageDate`).
    static func databaseDateDecodingStrategy(for column: String) -> DatabaseDateDecodingStrategy {
        .custom { StorageDate.date($0) }
    }

    init(from decoder: any Decoder) throws {
        record = try Record(from: decoder)
    }

    func encode(to encoder: any Encoder) throws {
        try record.encode(to: encoder)
    }

    /// The row's values as the record's `Codable` gives them (`Encoded`, GRDB's own encoding), refused with
    /// `nul-in-text` when a text value holds a NUL byte: GRDB binds text up to its first NUL, so it would be
    /// stored cut short and read back as something else (untrusted text: a media type, a predicate type,
    /// a name). Check messages, which quote untrusted text, are bound whole instead (`RawStatement`).
    func encode(to container: inout PersistenceContainer) throws {
        try Encoded(record: record).encode(to: &container)
        for (column, value) in container {
            guard case .string(let text) = value.storage, text.utf8.contains(0) else { continue }
            throw StoreError(.nulInText, "\(Record.databaseTableName).\(column): the text holds a NUL byte, which the catalogue "
                             + "would store cut short; refused")
        }
    }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        record.didInsert(rowID: inserted.rowID)
    }
}

extension QueryInterfaceRequest {
    /// Every matching record, unwrapped.
    func records<Record>(_ db: Database) throws -> [Record] where RowDecoder == StoredRow<Record> {
        try fetchAll(db).map(\.record)
    }

    /// The first matching record, unwrapped.
    func record<Record>(_ db: Database) throws -> Record? where RowDecoder == StoredRow<Record> {
        try fetchOne(db)?.record
    }
}

/// `StoredRow`'s encoding before its NUL check: the record's `Codable`, with the same date strategy.
private struct Encoded<Record: StoredRecord>: Encodable, EncodableRecord {
    let record: Record

    func encode(to encoder: any Encoder) throws {
        try record.encode(to: encoder)
    }

    static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy {
        StoredRow<Record>.databaseDateEncodingStrategy(for: column)
    }
}
