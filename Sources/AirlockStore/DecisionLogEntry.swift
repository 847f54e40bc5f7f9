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

    /// Whether these rows give exactly `logged`, decided cheaply when they do: the entry is written
    /// directly, each JSON-object blob spliced in as stored; equal bytes prove the canonical entry equals
    /// `logged` (which was written canonical, and canonicalising is idempotent). When they differ, the
    /// canonical entry is built the slow way and returned for comparison and diffing.
    func encode(expecting logged: Data) throws -> Data {
        if spliced() == logged { return logged }
        return try encode()
    }

    /// The entry, RFC 8785 canonical JSON (the same bytes as `encode()`), without parsing the record's
    /// blobs when each is a JSON object already in canonical form (`CanonicalJSON.isRFC8785`, one pass):
    /// then the spliced entry is canonical as it stands. Otherwise `encode()`.
    func canonical() throws -> Data {
        for section in sections {
            for row in section.rows {
                for (_, cell) in row {
                    guard case .blob(let data) = cell else { continue }
                    guard data.first == 0x7B, CanonicalJSON.isRFC8785(data) else { return try encode() }
                }
            }
        }
        return spliced()
    }

    /// The entry with keys sorted and strings escaped as RFC 8785 does for this shape (ASCII keys,
    /// string values) and every blob that starts with `{` spliced in verbatim.
    private func spliced() -> Data {
        var out: [UInt8] = []
        out.reserveCapacity(8192)
        func string(_ text: String) { CanonicalJSON.writeEscapedString(text, into: &out) }
        out.append(contentsOf: Array(#"{"kind":"#.utf8)); string(kind.rawValue)
        out.append(contentsOf: Array(#","log":"#.utf8)); string(DecisionLog.format)
        out.append(contentsOf: Array(#","recordId":"#.utf8)); string(recordID)
        out.append(contentsOf: Array(#","rows":{"#.utf8))
        // Table and column names are ASCII: UTF-8 byte order is RFC 8785's UTF-16 order for them.
        for (n, section) in sections.sorted(by: { $0.table.utf8.lexicographicallyPrecedes($1.table.utf8) }).enumerated() {
            if n > 0 { out.append(0x2C) }
            string(section.table)
            out.append(contentsOf: [0x3A, 0x5B])
            for (r, row) in section.rows.enumerated() {
                if r > 0 { out.append(0x2C) }
                out.append(0x7B)
                for (c, (column, cell)) in row.sorted(by: { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }).enumerated() {
                    if c > 0 { out.append(0x2C) }
                    string(column)
                    out.append(0x3A)
                    switch cell {
                    case .null: out.append(contentsOf: Array("null".utf8))
                    case .text(let text): string(text)
                    case .blob(let data) where data.first == 0x7B: out.append(contentsOf: data)
                    case .blob(let data): string(Base64.encode(data))  // never matches a logged entry: the slow path decides
                    }
                }
                out.append(0x7D)
            }
            out.append(0x5D)
        }
        out.append(contentsOf: [0x7D, 0x7D])
        return Data(out)
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
