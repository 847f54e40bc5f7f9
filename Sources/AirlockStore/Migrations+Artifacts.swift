internal import GRDB

extension Migrations {
    /// `v7-artifacts`: release artifacts (plain files of a bundle that are subjects by SHA-256, named by path).
    static func registerArtifacts(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v7-artifacts") { db in
            try db.create(table: "artifacts") { t in
                t.column("bundle_id", .text).notNull().references("bundles", onDelete: .cascade)
                t.column("path", .text).notNull()
                t.column("sha256", .text).notNull().references("blobs")
                t.column("size", .integer).notNull()
                t.primaryKey(["bundle_id", "path"])
            }
            try db.create(index: "artifacts_sha256", on: "artifacts", columns: ["sha256"])
        }
    }
}

extension ArtifactRecord: StoredRecord {
    static let databaseTableName = "artifacts"

    /// Columns used in queries.
    enum Columns {
        static let bundleID = Column(CodingKeys.bundleID)
        static let path = Column(CodingKeys.path)
        static let sha256 = Column(CodingKeys.sha256)
    }
}
