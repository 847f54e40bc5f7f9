public import Foundation
internal import GRDB
#if canImport(Glibc)
import Glibc
#endif

/// The SQLite catalogue `<state>/airlock.sqlite`: bundles, their files, blobs, images and evidence,
/// verdicts and approvals. Its methods are the Store's query API; GRDB stays inside this module.
///
/// Opened as a GRDB `DatabasePool` (WAL mode, so readers never block the single writer) with a busy
/// timeout, so two imports at once serialise their write transactions instead of failing. Migrations
/// run under an exclusive file lock so concurrent first opens do not race. A catalogue migrated by a
/// newer Airlock (one that lists a migration this binary does not know) is refused before anything is
/// written, with `StoreError.Code.newerSchema`.
public struct Catalogue: Sendable {
    let pool: DatabasePool
    /// Seals each logged write with its checkpoint, in its transaction (`Store.sealing(with:)`); nil: unsealed.
    var sealer: DecisionLogSealer?

    /// How long a writer waits for another writer before failing.
    static let busyTimeout: TimeInterval = 30

    /// Opens (creating and migrating when needed) the catalogue in `stateDirectory`.
    public init(stateDirectory: URL) throws(StoreError) {
        try self.init(stateDirectory: stateDirectory, mode: .create)
    }

    /// Opens the catalogue. `.create` makes the directory and database when missing. `.existing`
    /// expects both (the caller checked) and, when the schema is already current, takes no lock and runs
    /// no migration (GRDB's pool may still run its empty WAL set-up transaction, which changes no row);
    /// an older schema is still migrated, since this binary reads only the current one. `.readOnly`
    /// opens a current catalogue with `SQLITE_OPEN_READONLY` and writes nothing.
    init(stateDirectory: URL, mode: Store.OpenMode) throws(StoreError) {
        let path = stateDirectory.appendingPathComponent("airlock.sqlite").path
        if mode == .create {
            do {
                // 0700: the state directory holds evidence, verdicts and the appliance's keys.
                try FileManager.default.createDirectory(at: stateDirectory, withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: 0o700])
            } catch {
                throw StoreError(.io, "cannot create state directory: \(error.localizedDescription)", path: stateDirectory.path)
            }
        }
        // A snapshot nobody may write cannot get a WAL index: read it as immutable.
        let snapshot = mode == .readOnly && !(access(stateDirectory.path, W_OK) == 0 && access(path, W_OK) == 0)
        let isCurrent = try Self.inspectSchema(path: path, location: snapshot ? Self.immutableURI(path) : path)
        if mode == .readOnly, isCurrent {
            pool = try Self.openReadOnly(path: path, location: snapshot ? Self.immutableURI(path) : path)
            return
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(Self.busyTimeout)
        configuration.foreignKeysEnabled = true
        if mode != .create, isCurrent {
            pool = try Self.database(path) { try DatabasePool(path: path, configuration: configuration) }
            return
        }
        // The pool is opened under the lock too: opening it switches a new database to WAL, which
        // SQLite refuses at once (no busy wait) while another opener is creating or migrating it.
        let lock = try FileDescriptor.openLockFile(at: stateDirectory.appendingPathComponent("airlock.lock"))
        try lock.lockExclusive()
        let pool = try Self.database(path) { try DatabasePool(path: path, configuration: configuration) }
        self.pool = pool
        // Again, under the lock: a newer Airlock may have migrated the catalogue while we waited.
        try Self.database(path) { try pool.read { db in try Self.refuseNewerSchema(db, path: path) } }
        try Self.database(path) { try Migrations.migrator.migrate(pool) }
        withExtendedLifetime(lock) {}
    }

    /// Opens a current catalogue for reading only (`SQLITE_OPEN_READONLY`): nothing is written, no lock
    /// is taken. When the state directory cannot be written (a read-only snapshot or mount), SQLite could
    /// not create the WAL index, so the file is opened `immutable=1` (a snapshot nobody writes to).
    private static func openReadOnly(path: String, location: String) throws(StoreError) -> DatabasePool {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(busyTimeout)
        return try database(path) { try DatabasePool(path: location, configuration: configuration) }
    }

    /// `file:<path>?immutable=1`, the path percent-encoded (the system SQLite is built with `SQLITE_USE_URI`).
    static func immutableURI(_ path: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#%")
        return "file:" + (path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path) + "?immutable=1"
    }

    /// Looks at the applied migrations through a read-only connection, before anything opens the
    /// catalogue for writing (GRDB's pool runs an empty write transaction on open): throws `newerSchema`
    /// for an unknown migration; returns whether every known one is applied. A missing file is not current.
    private static func inspectSchema(path: String, location: String) throws(StoreError) -> Bool {
        guard FileManager.default.fileExists(atPath: path) else { return false }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(busyTimeout)
        return try database(path) {
            let queue = try DatabaseQueue(path: location, configuration: configuration)
            defer { try? queue.close() }
            do {
                return try queue.read { db in
                    try refuseNewerSchema(db, path: path)
                    return try Migrations.migrator.hasCompletedMigrations(db)
                }
            } catch let error as DatabaseError where error.resultCode == .SQLITE_ERROR && (error.message ?? "").hasPrefix("no such table") {
                // Another command is creating this catalogue right now (the file exists, its tables not yet):
                // not current; the open under the lock waits for that command and checks again.
                return false
            }
        }
    }

    /// Throws `newerSchema` when `grdb_migrations` lists a migration this binary does not know:
    /// migrating, or even reading, a newer schema with older code could lose or misread data.
    private static func refuseNewerSchema(_ db: Database, path: String) throws {
        let migrator = Migrations.migrator
        let unknown = try migrator.appliedIdentifiers(db).subtracting(migrator.migrations).sorted()
        guard unknown.isEmpty else {
            let names = unknown.joined(separator: ", ")
            throw StoreError(.newerSchema, "the catalogue was written by a newer Airlock (unknown migration \(names)); open it with that version or newer",
                             path: path)
        }
    }

    /// The migrations this binary knows, in order: the current schema.
    public static var schemaMigrations: [String] { Migrations.migrator.migrations }

    /// The known migrations applied to this catalogue, in order (equal to `schemaMigrations` once open).
    public func appliedMigrations() throws(StoreError) -> [String] {
        try read { db in try Migrations.migrator.appliedMigrations(db) }
    }

    /// Row counts per table, for tests and diagnostics.
    public func rowCounts() throws(StoreError) -> [String: Int] {
        try read { db in
            func count<Record: StoredRecord>(_: Record.Type) throws -> (String, Int) {
                (Record.databaseTableName, try Record.rows.fetchCount(db))
            }
            return Dictionary(uniqueKeysWithValues: [
                try count(ArchiveRecord.self), try count(ArchiveFileRecord.self), try count(BlobRecord.self),
                try count(ImageRecord.self), try count(EvidenceRecord.self),
            ])
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

    /// `PRAGMA quick_check`: an empty array means SQLite found no damage (`approve` runs it before signing).
    public func quickCheckProblems() throws(StoreError) -> [String] {
        try read { db in try String.fetchAll(db, sql: "PRAGMA quick_check").filter { $0 != "ok" } }
    }

    func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        try Self.database("read") { try pool.read(body) }
    }

    /// Runs `body` in a deferred transaction on the writer's connection: a snapshot, as `read` gives, that
    /// takes no write lock (other processes may still write), for the reads a command makes right before it
    /// writes (the decision log's write guard). They reuse the writer's parsed schema and prepared statements
    /// instead of making a reader connection parse the schema and prepare them again. The transaction is
    /// always rolled back, so nothing `body` might write is kept, and a `body` that changed any row throws
    /// `StoreError.Code.database` ("wrote during a read"). (Not `PRAGMA query_only`: setting any flag pragma
    /// expires every prepared statement of the connection, and the writes after the guard would prepare them
    /// all again; docs/decisions.md D33.) Not reentrant: never call it inside a write (GRDB stops the process).
    func readOnWriter<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        try Self.database("read") {
            try pool.writeWithoutTransaction { db in
                var result: T?
                let changes = db.totalChangesCount
                try db.inTransaction(.deferred) {
                    result = try body(db)
                    return .rollback
                }
                guard db.totalChangesCount == changes else {
                    throw StoreError(.database, "a read on the writer's connection wrote \(db.totalChangesCount - changes) row(s) during a read (rolled back)", path: "read")
                }
                return result!
            }
        }
    }

    /// Runs `body`, turning any database error into a `StoreError`.
    static func database<T>(_ context: String, _ body: () throws -> T) throws(StoreError) -> T {
        do {
            return try body()
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError where error.resultCode == .SQLITE_FULL {
            throw StoreError(.diskFull, "disk full: SQLite could not write (\(error.message ?? "database or disk is full")); free space in the state directory and retry",
                             path: context)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_READONLY {
            throw StoreError(.io, "the state directory is read-only: this command writes to it (\(error.message ?? "read-only database")); run it on a writable copy",
                             path: context)
        } catch let error as DatabaseError {
            throw StoreError(.database, (error.message ?? "\(error)") + (error.sql.map { " (during \($0.prefix(120)))" } ?? ""), path: context)
        } catch {
            throw StoreError(.database, "\(error)", path: context)
        }
    }
}
