import Foundation
internal import GRDB
internal import GRDBSQLite

/// Runs a connection-cached statement straight through SQLite for the hot inserts of a `verify --all`
/// (one row per check of every verdict), without GRDB's per-row argument boxing; text is bound with its
/// exact UTF-8 length, so a value holding a NUL is stored whole (GRDB binds text up to its first NUL).
struct RawStatement {
    private let handle: OpaquePointer
    private let connection: OpaquePointer?

    /// The cached statement for `sql` on `db`.
    init(_ sql: String, _ db: Database) throws {
        handle = try db.cachedStatement(sql: sql).sqliteStatement
        connection = db.sqliteConnection
    }

    /// One value to bind.
    enum Value {
        case integer(Int64)
        case text(String)
    }

    /// Binds `values` to parameters 1… and runs the statement to completion; throws `StoreError`
    /// (`.database`) with SQLite's message (a constraint or trigger refusal, a full disk).
    func execute(_ values: Value...) throws {
        sqlite3_reset(handle)
        defer { sqlite3_reset(handle) }
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let status: Int32
            switch value {
            case .integer(let number):
                status = sqlite3_bind_int64(handle, index, number)
            case .text(var text):
                status = text.withUTF8 { bytes -> Int32 in
                    // A nil base (an empty string) would bind NULL: bind an empty text instead.
                    guard let base = bytes.baseAddress else { return sqlite3_bind_text(handle, index, "", 0, sqliteTransient) }
                    return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                        sqlite3_bind_text(handle, index, $0, Int32(bytes.count), sqliteTransient)
                    }
                }
            }
            guard status == SQLITE_OK else { throw failure("bind parameter \(index)") }
        }
        guard sqlite3_step(handle) == SQLITE_DONE else { throw failure("insert") }
    }

    private func failure(_ what: String) -> StoreError {
        StoreError(.database, "cannot \(what): " + String(cString: sqlite3_errmsg(connection)))
    }
}
