import Foundation
import Testing
import GRDB
import AirlockTestKit
@testable import AirlockStore
#if canImport(Glibc)
import Glibc
#endif

/// Staging areas of killed imports are swept by the next write open; a read-only open writes
/// nothing and works on a read-only snapshot; a full disk says "disk full".
@Suite("Store robustness: staging sweep, read-only snapshots, disk full")
struct RobustStoreTests {
    /// A PID that no process has: one of a child that has exited and been reaped.
    private func deadPID() throws -> Int32 {
        let process = try Tool.trueProgram.start([])
        process.waitUntilExit()
        return process.processIdentifier
    }

    @Test("the next write open removes staging areas no live import holds, and keeps a live one")
    func abandonedStagingAreasAreSwept() throws {
        let dir = try ScratchDirectory("store")
        defer { dir.remove() }
        let store = try Store(stateDirectory: dir.root)
        let tmp = store.blobs.tmpDirectory
        let live = try store.blobs.makeStagingArea()
        _ = try live.createFile(number: 0)
        // Killed import: lock file present, nobody holds it (even though the PID in the name, ours, is alive).
        let killed = tmp.appendingPathComponent("import-\(getpid())-killed")
        try FileManager.default.createDirectory(at: killed.appendingPathComponent("sub"), withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: killed.path + ".lock", contents: nil))
        // Made by an older Airlock (no lock file) whose process is gone.
        let old = tmp.appendingPathComponent("import-\(try deadPID())-old")
        try FileManager.default.createDirectory(at: old, withIntermediateDirectories: false)
        // An older-style area of a live process stays.
        let oldLive = tmp.appendingPathComponent("import-\(getpid())-oldlive")
        try FileManager.default.createDirectory(at: oldLive, withIntermediateDirectories: false)

        _ = try Store(stateDirectory: dir.root)
        let left = Set(try FileManager.default.contentsOfDirectory(atPath: tmp.path))
        let liveName = live.directory.lastPathComponent
        #expect(left == [liveName, liveName + ".lock", oldLive.lastPathComponent], "\(left)")

        live.remove()
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp.path) == [oldLive.lastPathComponent])
    }

    @Test("a read-only open is refused nothing and writes nothing")
    func readOnlyOpenWritesNothing() throws {
        let dir = try ScratchDirectory("store")
        defer { dir.remove() }
        let made = dir.url("made")
        do {
            let store = try Store(stateDirectory: made)
            _ = try store.catalogue.record(Sample.bundle(hexID("a1")))
        }
        let snapshot = dir.url("snapshot")
        try FileManager.default.copyItem(at: made, to: snapshot)
        let database = snapshot.appendingPathComponent("airlock.sqlite")
        let before = try Data(contentsOf: database)
        let listingBefore = try ScratchDirectory.listing(snapshot)
        try chmodTree(snapshot, writable: false)
        defer { try? chmodTree(snapshot, writable: true) }

        let store = try Store(stateDirectory: snapshot, mode: .readOnly)
        #expect(try store.catalogue.bundles().map(\.archiveSHA256) == [hexID("a1")])
        #expect(try Data(contentsOf: database) == before)
        #expect(try ScratchDirectory.listing(snapshot) == listingBefore)
        // The write path is closed: a read-only catalogue refuses a write.
        let write = #expect(throws: StoreError.self) { _ = try store.catalogue.record(Sample.bundle(hexID("b2"))) }
        #expect(write?.reason.hasPrefix("the state directory is read-only") == true, "\(String(describing: write))")
        #expect(try Data(contentsOf: database) == before)
    }

    @Test("a snapshot nobody may write (the immutable URI root cannot fake) reads through GRDB and the system SQLite")
    func immutableURIReads() throws {
        let dir = try ScratchDirectory("store")
        defer { dir.remove() }
        do { _ = try Store(stateDirectory: dir.root).catalogue.record(Sample.bundle(hexID("c3"))) }
        let path = dir.root.appendingPathComponent("airlock.sqlite").path
        var configuration = Configuration()
        configuration.readonly = true
        let pool = try DatabasePool(path: Catalogue.immutableURI(path), configuration: configuration)
        #expect(try pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM bundles") } == 1)
        try pool.close()
    }

    @Test("ENOSPC from a write is disk-full, named as such")
    func enospcIsDiskFull() throws {
        let fd = open("/dev/full", O_WRONLY)
        try #require(fd >= 0)
        let descriptor = FileDescriptor(takingOwnership: fd, path: "/dev/full")
        let error = #expect(throws: StoreError.self) {
            try [UInt8](repeating: 1, count: 4096).withUnsafeBytes { try descriptor.writeAll($0) }
        }
        #expect(error?.code == .diskFull && error?.reason.hasPrefix("disk full:") == true, "\(String(describing: error))")
    }

    @Test("SQLITE_FULL is disk-full, not a bare database error")
    func sqliteFullIsDiskFull() throws {
        let error = #expect(throws: StoreError.self) {
            try Catalogue.database("write") { () throws -> Void in throw DatabaseError(resultCode: .SQLITE_FULL, message: "database or disk is full") }
        }
        #expect(error?.code == .diskFull && error?.reason.hasPrefix("disk full:") == true, "\(String(describing: error))")
    }

    private func chmodTree(_ url: URL, writable: Bool) throws {
        try Tool.chmod.checked(["-R", writable ? "u+w" : "a-w", url.path])
    }
}
