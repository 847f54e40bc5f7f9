import Foundation
import Testing
import GRDB
import GRDBSQLite
import AirlockTestKit
@testable import AirlockStore

/// Review of `Catalogue.readOnWriter`, the decision log guard's read on the writer's connection: a
/// snapshot like `read`, and, like `read`, no write; and no prepared statement of the writer expires.
@Suite("Catalogue.readOnWriter review")
struct ReadOnWriterReviewTests {
    @Test("another connection's commit during the read is not seen: one snapshot")
    func snapshot() throws {
        let dir = try ScratchDirectory("store")
        defer { dir.remove() }
        let catalogue = try Store(stateDirectory: dir.root).catalogue
        let other = try Store(stateDirectory: dir.root).catalogue
        let (before, during) = try catalogue.readOnWriter { db in
            let before = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM bundles") ?? -1
            _ = try other.record(Sample.bundle(hexID("a1")))
            return (before, try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM bundles") ?? -1)
        }
        #expect(before == 0 && during == 0)
        #expect(try catalogue.readOnWriter { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM bundles") } == 1)
    }

    @Test("a write inside it is refused (a database error), and nothing is written")
    func refusesWrites() throws {
        let dir = try ScratchDirectory("store")
        defer { dir.remove() }
        let catalogue = try Store(stateDirectory: dir.root).catalogue
        let insert = "INSERT INTO log_verified (id, size, root_hash, sweep, verified_at) VALUES (1, 0, '', 0, '2026-01-01T00:00:00Z')"
        let viaRead = try #require(throws: StoreError.self) { try catalogue.read { try $0.execute(sql: insert) } }
        #expect(viaRead.reason.contains("readonly"), "\(viaRead.reason)")
        let viaWriter = try #require(throws: StoreError.self) { try catalogue.readOnWriter { try $0.execute(sql: insert) } }
        #expect(viaWriter.code == .database)
        #expect(viaWriter.reason.contains("wrote 1 row(s) during a read (rolled back)"), "\(viaWriter.reason)")
        #expect(try catalogue.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM log_verified") } == 0)
    }
}

@Suite("Catalogue.readOnWriter keeps the writer's statements")
struct ReadOnWriterStatementTests {
    @Test("a statement the writer prepared before the read runs after it without being prepared again")
    func noReprepare() throws {
        let dir = try ScratchDirectory("store")
        defer { dir.remove() }
        let catalogue = try Store(stateDirectory: dir.root).catalogue
        let sql = "SELECT COUNT(*) FROM log_leaves WHERE idx >= ?"
        func count(_ db: Database) throws -> (Int, Int32) {
            let statement = try db.cachedStatement(sql: sql)
            let rows = try Int.fetchOne(statement, arguments: [0]) ?? -1
            return (rows, sqlite3_stmt_status(statement.sqliteStatement, SQLITE_STMTSTATUS_REPREPARE, 0))
        }
        let first = try catalogue.readOnWriter(count)
        let second = try catalogue.readOnWriter(count)
        #expect(first.1 == 0)
        #expect(second.0 == first.0)
        #expect(second.1 == 0, "a flag pragma between the reads would expire the statement: \(second.1) re-prepares")
    }
}
