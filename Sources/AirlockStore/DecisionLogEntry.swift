import Foundation
internal import GRDB
internal import GRDBSQLite
import AirlockFormats

/// The rows of one record as fetched for its decision-log entry, before encoding: fetching needs the
/// database, encoding (JSON parsing and RFC 8785) does not, so `audit verify` fetches every record in one
/// read transaction and encodes them on all cores.
struct DecisionLogRows: Sendable {
    /// One column value as the entry states it: integers and reals as decimal text, NULL, text, or a blob.
    enum Cell: Sendable {
        case null
        case text(String)
        case blob(Data)
    }

    let kind: DecisionLogKind
    let recordID: String
    /// Each section's rows (column name, value), in `DecisionLog.sections` order.
    let sections: [(table: String, rows: [[(String, Cell)]])]

    /// Fetches the rows of `kind:recordID` (prepared statements are cached per connection); nil when the
    /// record's primary row is missing. Values are read with their exact length (`sqlite3_column_bytes`):
    /// text holding a NUL is not cut short, so an edit after a NUL changes the entry.
    static func fetch(_ kind: DecisionLogKind, recordID: String, _ db: Database) throws -> DecisionLogRows? {
        var sections: [(table: String, rows: [[(String, Cell)]])] = []
        for (index, section) in DecisionLog.sections(kind).enumerated() {
            let statement = try db.cachedStatement(sql: section.sql)
            let names = statement.columnNames
            let handle = statement.sqliteStatement
            sqlite3_reset(handle)
            defer { sqlite3_reset(handle) }
            guard sqlite3_bind_text(handle, 1, recordID, -1, sqliteTransient) == SQLITE_OK else {
                throw StoreError(.database, "cannot read \(section.table) of \(kind.rawValue) \(recordID): " + String(cString: sqlite3_errmsg(db.sqliteConnection)))
            }
            var rows: [[(String, Cell)]] = []
            while true {
                let status = sqlite3_step(handle)
                if status == SQLITE_DONE { break }
                guard status == SQLITE_ROW else {
                    throw StoreError(.database, "cannot read \(section.table) of \(kind.rawValue) \(recordID): " + String(cString: sqlite3_errmsg(db.sqliteConnection)))
                }
                rows.append(names.indices.map { (names[$0], cell(handle, Int32($0))) })
            }
            if index == 0, rows.isEmpty { return nil }
            sections.append((section.table, rows))
        }
        return DecisionLogRows(kind: kind, recordID: recordID, sections: sections)
    }

    private static func cell(_ handle: OpaquePointer, _ column: Int32) -> Cell {
        switch sqlite3_column_type(handle, column) {
        case SQLITE_NULL: return .null
        case SQLITE_INTEGER: return .text(String(sqlite3_column_int64(handle, column)))
        case SQLITE_FLOAT: return .text(String(sqlite3_column_double(handle, column)))
        case SQLITE_BLOB:
            guard let bytes = sqlite3_column_blob(handle, column) else { return .blob(Data()) }
            return .blob(Data(bytes: bytes, count: Int(sqlite3_column_bytes(handle, column))))
        default:
            guard let text = sqlite3_column_text(handle, column) else { return .text("") }
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(handle, column))), as: UTF8.self))
        }
    }

    /// The entry: RFC 8785 canonical JSON (docs/decisions.md D20). A blob holding a JSON object is embedded
    /// as that object when it canonicalises, else as `{"base64":…}`; the check is made per blob only when
    /// canonicalising the whole entry fails, which gives the same bytes at a third of the cost.
    func encode() throws -> Data {
        do {
            return try CanonicalJSON.rfc8785(document(checkingBlobs: false))
        } catch {
            return try CanonicalJSON.rfc8785(document(checkingBlobs: true))
        }
    }

    private func document(checkingBlobs: Bool) -> JSONValue {
        var rows = JSONObject()
        for section in sections {
            rows[section.table] = .array(section.rows.map { row in
                var object = JSONObject()
                for (column, value) in row { object[column] = Self.json(value, checking: checkingBlobs) }
                return .object(object)
            })
        }
        return .object(JSONObject([
            "log": .string(DecisionLog.format), "kind": .string(kind.rawValue), "recordId": .string(recordID), "rows": .object(rows),
        ]))
    }

    private static func json(_ cell: Cell, checking: Bool) -> JSONValue {
        switch cell {
        case .null: return .null
        case .text(let text): return .string(text)
        case .blob(let data):
            if let parsed = try? JSONValue.parse(data), case .object = parsed, !checking || (try? CanonicalJSON.rfc8785(parsed)) != nil {
                return parsed
            }
            return .object(JSONObject(["base64": .string(Base64.encode(data))]))
        }
    }
}
