public import Foundation
internal import GRDB

/// The SQLite catalogue `<state>/airlock.sqlite`: bundles, their files, blobs, images and evidence,
/// verdicts and approvals. Its methods are the Store's query API; GRDB stays inside this module.
///
/// Opened as a GRDB `DatabasePool` (WAL mode, so readers never block the single writer) with a busy
/// timeout, so two imports at once serialise their write transactions instead of failing. Migrations
/// run under an exclusive file lock so concurrent first opens do not race.
public struct Catalogue: Sendable {
    let pool: DatabasePool

    /// How long a writer waits for another writer before failing.
    static let busyTimeout: TimeInterval = 30

    /// Opens (creating and migrating when needed) the catalogue in `stateDirectory`.
    public init(stateDirectory: URL) throws(StoreError) {
        let url = stateDirectory.appendingPathComponent("airlock.sqlite")
        do {
            try FileManager.default.createDirectory(at: stateDirectory, withIntermediateDirectories: true)
        } catch {
            throw StoreError(.io, "cannot create state directory: \(error.localizedDescription)", path: stateDirectory.path)
        }
        let lock = try FileDescriptor.openLockFile(at: stateDirectory.appendingPathComponent("airlock.lock"))
        try lock.lockExclusive()
        var configuration = Configuration()
        configuration.busyMode = .timeout(Self.busyTimeout)
        configuration.foreignKeysEnabled = true
        pool = try Self.database(url.path) { try DatabasePool(path: url.path, configuration: configuration) }
        try Self.database(url.path) { try Migrations.migrator.migrate(pool) }
        withExtendedLifetime(lock) {}
    }

    /// Row counts per table, for tests and diagnostics.
    public func rowCounts() throws(StoreError) -> [String: Int] {
        try read { db in
            var counts: [String: Int] = [:]
            for table in ["bundles", "bundle_files", "blobs", "images", "evidence"] {
                counts[table] = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0
            }
            return counts
        }
    }

    /// `PRAGMA integrity_check` and `foreign_key_check`: an empty array means the database is sound.
    public func integrityProblems() throws(StoreError) -> [String] {
        try read { db in
            let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check").filter { $0 != "ok" }
            let foreignKeys = try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").map { "foreign key: \($0)" }
            return integrity + foreignKeys
        }
    }

    func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        try Self.database("read") { try pool.read(body) }
    }

    /// Runs `body`, turning any database error into a `StoreError`.
    static func database<T>(_ context: String, _ body: () throws -> T) throws(StoreError) -> T {
        do {
            return try body()
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError {
            throw StoreError(.database, error.message ?? "\(error)", path: context)
        } catch {
            throw StoreError(.database, "\(error)", path: context)
        }
    }
}
