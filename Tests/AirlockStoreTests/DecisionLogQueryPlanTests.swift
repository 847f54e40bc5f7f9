import Foundation
import Testing
import GRDB
import AirlockTestKit
@testable import AirlockStore

/// The write guard and a logged write stay O(new records + sweep + log n): none of their statements may
/// read a whole table that grows with the log (a query plan `SCAN <table>`). An `OR` of two rowid ranges
/// with an `ORDER BY rowid` once made SQLite scan the whole `verdicts` table in every guard (140 ms at
/// 100,000 verdicts); plans are the same with no data, as Airlock keeps no `ANALYZE` statistics.
@Suite("Decision log: query plans")
struct DecisionLogQueryPlanTests {
    /// The plan of `sql`, its parameters bound to NULL (a plan does not depend on them: no statistics).
    static func plan(_ sql: String, _ db: Database) throws -> [String] {
        let statement = try db.makeStatement(sql: "EXPLAIN QUERY PLAN " + sql)
        statement.setUncheckedArguments(StatementArguments(Array(repeating: DatabaseValue.null, count: sql.filter { $0 == "?" }.count)))
        return try Row.fetchAll(statement).map { $0["detail"] as String }
    }

    /// Tables that stay at one row or a few (the mark) or are SQLite's own.
    static let small: Set<String> = ["log_verified", "log_verified_rowids", "sqlite_master", "sqlite_schema"]

    @Test("no statement of the guard or of a logged write scans a table that grows with the log")
    func noFullScans() throws {
        let dir = try ScratchDirectory("plans")
        defer { dir.remove() }
        let catalogue = try Store(stateDirectory: dir.root).catalogue
        let statements = DecisionLogStatements.forGuard + DecisionLogStatements.forWrites(of: DecisionLogKind.allCases)
        #expect(statements.count > 30)
        var scans: [String] = []
        try catalogue.read { db in
            for sql in statements {
                let details = try Self.plan(sql, db)
                for detail in details where detail.hasPrefix("SCAN ") {
                    let table = detail.dropFirst(5).split(separator: " ").first.map(String.init) ?? ""
                    if !Self.small.contains(table) && table != "CONSTANT" { scans.append("\(detail) in: \(sql)") }
                }
            }
        }
        #expect(scans.isEmpty, "\(scans)")
    }

    @Test("the check finds a full scan: the former unlogged-records query plans one")
    func detectsScan() throws {
        let dir = try ScratchDirectory("plans")
        defer { dir.remove() }
        let catalogue = try Store(stateDirectory: dir.root).catalogue
        let former = """
            SELECT CAST(seq AS TEXT) AS rid FROM verdicts WHERE (rowid > ? OR rowid < 1)
            AND NOT EXISTS (SELECT 1 FROM log_leaves WHERE kind = 'verdict' AND record_id = rid) ORDER BY rowid
            """
        let details = try catalogue.read { db in try Self.plan(former, db) }
        #expect(details.contains("SCAN verdicts"), "\(details)")
    }
}
