public import Foundation
import GRDB

/// The SQLite catalogue `<state>/airlock.sqlite`: bundles, their files, blobs, images and evidence.
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

    /// The bundle with this archive SHA-256, if catalogued.
    public func bundle(archiveSHA256: String) throws(StoreError) -> BundleRecord? {
        try read { db in try BundleRecord.filter(Column("archive_sha256") == archiveSHA256).fetchOne(db) }
    }

    /// Records a whole import in one write transaction. If the same archive was catalogued meanwhile
    /// (checked inside the transaction), nothing is written and `.alreadyPresent` is returned.
    public func record(_ batch: ImportBatch) throws(StoreError) -> RecordOutcome {
        try Self.database("record bundle \(batch.bundle.id)") {
            try pool.write { db -> RecordOutcome in
                if let existing = try BundleRecord.filter(Column("archive_sha256") == batch.bundle.archiveSHA256).fetchOne(db) {
                    return .alreadyPresent(existing)
                }
                try batch.bundle.insert(db)
                for blob in batch.blobs {
                    try db.execute(sql: """
                        INSERT INTO blobs (sha256, size, media_type) VALUES (?, ?, ?)
                        ON CONFLICT(sha256) DO UPDATE SET media_type = COALESCE(blobs.media_type, excluded.media_type)
                        """, arguments: [blob.sha256, blob.size, blob.mediaType])
                }
                for file in batch.files { try file.insert(db) }
                for image in batch.images { try image.insert(db) }
                for var evidence in batch.evidence { try evidence.insert(db) }
                return .inserted
            }
        }
    }

    /// Every bundle, oldest first.
    public func bundles() throws(StoreError) -> [BundleRecord] {
        try read { db in try BundleRecord.order(Column("imported_at"), Column("id")).fetchAll(db) }
    }

    /// The bundle whose id is `id`, or whose id or archive SHA-256 starts with it (when unambiguous).
    public func bundle(matching id: String) throws(StoreError) -> BundleRecord? {
        try read { db in
            if let exact = try BundleRecord.fetchOne(db, key: id) { return exact }
            let matches = try BundleRecord.filter(Column("archive_sha256").like("\(id)%")).limit(2).fetchAll(db)
            return matches.count == 1 ? matches[0] : nil
        }
    }

    /// Images, optionally of one bundle, ordered by bundle then digest.
    public func images(bundleID: String? = nil) throws(StoreError) -> [ImageRecord] {
        try read { db in
            var request = ImageRecord.order(Column("bundle_id"), Column("digest"))
            if let bundleID { request = request.filter(Column("bundle_id") == bundleID) }
            return try request.fetchAll(db)
        }
    }

    /// Evidence, optionally of one bundle, in discovery order.
    public func evidence(bundleID: String? = nil) throws(StoreError) -> [EvidenceRecord] {
        try read { db in
            var request = EvidenceRecord.order(Column("id"))
            if let bundleID { request = request.filter(Column("bundle_id") == bundleID) }
            return try request.fetchAll(db)
        }
    }

    /// Evidence speaking about one image digest, from any bundle.
    public func evidence(subjectDigest: String) throws(StoreError) -> [EvidenceRecord] {
        try read { db in try EvidenceRecord.filter(Column("subject_digest") == subjectDigest).order(Column("id")).fetchAll(db) }
    }

    /// The files of one bundle, by path.
    public func files(bundleID: String) throws(StoreError) -> [BundleFileRecord] {
        try read { db in try BundleFileRecord.filter(Column("bundle_id") == bundleID).order(Column("path")).fetchAll(db) }
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
