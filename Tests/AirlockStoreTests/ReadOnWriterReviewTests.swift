import Foundation
import Testing
import GRDB
import AirlockTestKit
@testable import AirlockStore

/// Review of `Catalogue.readOnWriter`, the decision log guard's read on the writer's connection: a
/// snapshot like `read`, and, like `read`, no write.
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

    @Test("a write inside it is refused, as inside `read`, and nothing is written")
    func refusesWrites() throws {
        let dir = try ScratchDirectory("store")
        defer { dir.remove() }
        let catalogue = try Store(stateDirectory: dir.root).catalogue
        let insert = "INSERT INTO log_verified (id, size, root_hash, sweep, verified_at) VALUES (1, 0, '', 0, '2026-01-01T00:00:00Z')"
        let viaRead = try #require(throws: StoreError.self) { try catalogue.read { try $0.execute(sql: insert) } }
        #expect(viaRead.reason.contains("readonly"), "\(viaRead.reason)")
        let viaWriter = try #require(throws: StoreError.self) { try catalogue.readOnWriter { try $0.execute(sql: insert) } }
        #expect(viaWriter.code == viaRead.code)
        #expect(viaWriter.reason.contains("readonly"), "\(viaWriter.reason)")
        #expect(try catalogue.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM log_verified") } == 0)
    }
}
