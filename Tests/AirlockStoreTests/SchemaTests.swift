import Foundation
import Testing
import GRDB
import AirlockStore
import AirlockTestKit

/// Opening state directories: missing ones, newer ones, and read-only opens that create nothing.
@Suite("Store schema and open modes")
struct SchemaTests {
    @Test("opening a missing state directory with .existing is refused, naming the path, and creates nothing")
    func existingMissing() throws {
        let dir = try ScratchDirectory("store")
        defer { dir.remove() }
        let state = dir.url("state")
        let error = #expect(throws: StoreError.self) { try Store(stateDirectory: state, mode: .existing) }
        #expect(error?.code == .missingState && error?.path == state.path)
        #expect(error?.reason.contains("no Airlock state directory") == true, "\(error?.reason ?? "")")
        #expect(!FileManager.default.fileExists(atPath: state.path))
        #expect(try ScratchDirectory.listing(dir.root).isEmpty)
    }

    @Test("opening a current catalogue with .existing creates no blobs/, tmp/ or lock file")
    func existingCreatesNothing() throws {
        let dir = try ScratchDirectory("store")
        defer { dir.remove() }
        let made = dir.url("made"), copy = dir.url("copy")
        do { _ = try Store(stateDirectory: made) }
        try FileManager.default.createDirectory(at: copy, withIntermediateDirectories: false)
        try FileManager.default.copyItem(at: made.appendingPathComponent("airlock.sqlite"), to: copy.appendingPathComponent("airlock.sqlite"))
        do {
            let store = try Store(stateDirectory: copy, mode: .existing)
            #expect(try store.catalogue.appliedMigrations() == Catalogue.schemaMigrations)
            #expect(try store.catalogue.bundles().isEmpty)
        }
        #expect(try ScratchDirectory.listing(copy) == ["airlock.sqlite"])
    }

    @Test("a catalogue migrated by a newer Airlock is refused in either mode, and left unchanged", arguments: [Store.OpenMode.create, .existing])
    func newerSchema(mode: Store.OpenMode) throws {
        let dir = try ScratchDirectory("store")
        defer { dir.remove() }
        let made = dir.url("made"), state = dir.url("state")
        do { _ = try Store(stateDirectory: made) }
        let database = state.appendingPathComponent("airlock.sqlite")
        try FileManager.default.createDirectory(at: state, withIntermediateDirectories: false)
        try FileManager.default.copyItem(at: made.appendingPathComponent("airlock.sqlite"), to: database)
        let queue = try DatabaseQueue(path: database.path)
        try queue.write { db in try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')") }
        try queue.close()
        let before = try Data(contentsOf: database)

        let error = #expect(throws: StoreError.self) { try Store(stateDirectory: state, mode: mode) }
        #expect(error?.code == .newerSchema && error?.path == database.path)
        #expect(error?.reason.contains("written by a newer Airlock (unknown migration v99-from-the-future)") == true, "\(error?.reason ?? "")")
        #expect(try Data(contentsOf: database) == before, "the catalogue is byte-for-byte unchanged")
        #expect(try ScratchDirectory.listing(state) == ["airlock.sqlite"], "no blobs/, tmp/ or lock file")
    }
}
