internal import GRDB

extension Migrations {
    /// `v3-approvals`: signed approvals (who, when, under which policy and key, until when), the images
    /// and verdicts each covers, and revocations. Approvals and their images are append-only (triggers
    /// refuse UPDATE and DELETE); revoking adds one row to `approval_revocations`.
    static func registerApprovals(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v3-approvals") { db in
            try db.create(table: "approvals") { t in
                t.primaryKey("id", .text)
                t.column("created_at", .datetime).notNull()
                t.column("approver", .text).notNull()
                t.column("appliance_id", .text).notNull()
                t.column("key_id", .text).notNull()
                t.column("policy_uri", .text).notNull()
                t.column("policy_sha256", .text).notNull()
                t.column("expires_at", .datetime)
                t.column("output_directory", .text).notNull()
                t.column("manifest", .blob).notNull()
            }
            try db.create(table: "approval_images") { t in
                t.column("approval_id", .text).notNull().references("approvals")
                t.column("position", .integer).notNull()
                t.column("digest", .text).notNull()
                t.column("name", .text).notNull()
                t.column("verdict_id", .text).notNull()
                t.primaryKey(["approval_id", "position"])
            }
            try db.create(index: "approval_images_digest", on: "approval_images", columns: ["digest"])
            try db.create(table: "approval_revocations") { t in
                t.primaryKey("approval_id", .text).references("approvals")
                t.column("revoked_at", .datetime).notNull()
                t.column("revoked_by", .text).notNull()
                t.column("reason", .text).notNull()
            }
            for table in ["approvals", "approval_images", "approval_revocations"] {
                for action in ["UPDATE", "DELETE"] {
                    try db.execute(sql: """
                        CREATE TRIGGER \(table)_no_\(action.lowercased()) BEFORE \(action) ON \(table)
                        BEGIN SELECT RAISE(ABORT, '\(table) are append-only'); END
                        """)
                }
            }
        }
    }
}
