internal import GRDB

/// The catalogue schema, as named migrations. A migration that has shipped is never edited:
/// schema changes are new migrations appended below.
enum Migrations {
    /// The migrator holding every migration in order.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-bundles-images-evidence") { db in
            try db.create(table: "bundles") { t in
                t.primaryKey("id", .text)
                t.column("archive_sha256", .text).notNull().unique()
                t.column("name", .text).notNull()
                t.column("imported_at", .datetime).notNull()
                t.column("entry_count", .integer).notNull()
                t.column("bytes", .integer).notNull()
                t.column("archive_bytes", .integer).notNull()
            }
            try db.create(table: "blobs") { t in
                t.primaryKey("sha256", .text)
                t.column("size", .integer).notNull()
                t.column("media_type", .text)
            }
            try db.create(table: "bundle_files") { t in
                t.column("bundle_id", .text).notNull().references("bundles", onDelete: .cascade)
                t.column("path", .text).notNull()
                t.column("sha256", .text).notNull().references("blobs")
                t.column("size", .integer).notNull()
                t.primaryKey(["bundle_id", "path"])
            }
            try db.create(table: "images") { t in
                t.column("bundle_id", .text).notNull().references("bundles", onDelete: .cascade)
                t.column("digest", .text).notNull()
                t.column("names", .jsonText).notNull()
                t.column("media_type", .text).notNull()
                t.column("platforms", .jsonText).notNull()
                t.column("missing_blobs", .jsonText).notNull()
                t.column("parent_digest", .text)
                t.column("layout_path", .text).notNull()
                t.primaryKey(["bundle_id", "digest"])
            }
            try db.create(index: "images_digest", on: "images", columns: ["digest"])
            try db.create(table: "evidence") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("sha256", .text).notNull().references("blobs")
                t.column("kind", .text).notNull()
                t.column("subject_digest", .text)
                t.column("bundle_id", .text).notNull().references("bundles", onDelete: .cascade)
                t.column("source", .text).notNull()
                t.column("media_type", .text)
                t.column("predicate_type", .text)
                t.column("annotations", .jsonText).notNull()
            }
            try db.create(index: "evidence_subject", on: "evidence", columns: ["subject_digest"])
            try db.create(index: "evidence_bundle", on: "evidence", columns: ["bundle_id", "sha256"])
        }
        registerVerdicts(&migrator)
        registerApprovals(&migrator)
        registerDecisionLog(&migrator)
        registerTrustRoots(&migrator)
        registerLogContinuity(&migrator)
        registerArtifacts(&migrator)
        registerDecisionLogTrustRoots(&migrator)
        registerDecisionLogGuardRowids(&migrator)
        return migrator
    }
}
