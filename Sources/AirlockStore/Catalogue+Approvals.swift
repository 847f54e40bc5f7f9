public import Foundation
public import GRDB

extension ApprovalRecord: FetchableRecord, PersistableRecord {
    /// Table `approvals`.
    public static let databaseTableName = "approvals"
}

extension ApprovalImageRecord: FetchableRecord, PersistableRecord {
    /// Table `approval_images`.
    public static let databaseTableName = "approval_images"
}

extension ApprovalRevocationRecord: FetchableRecord, PersistableRecord {
    /// Table `approval_revocations`.
    public static let databaseTableName = "approval_revocations"
}

extension Catalogue {
    /// Records an approval and its images in one transaction.
    public func record(_ approval: ApprovalRecord, images: [ApprovalImageRecord]) throws(StoreError) {
        try Self.database("record approval \(approval.id)") {
            try pool.write { db in
                try approval.insert(db)
                for image in images { try image.insert(db) }
            }
        }
    }

    /// Every approval, oldest first.
    public func approvals() throws(StoreError) -> [ApprovalRecord] {
        try read { db in try ApprovalRecord.order(Column("created_at"), Column("id")).fetchAll(db) }
    }

    /// The approval with this id, or the only one whose id starts with `prefix`.
    public func approval(matching prefix: String) throws(StoreError) -> ApprovalRecord? {
        try read { db in
            let rows = try ApprovalRecord.filter(Column("id").like("\(prefix)%")).limit(2).fetchAll(db)
            return rows.count == 1 ? rows[0] : nil
        }
    }

    /// The images of one approval, in manifest order.
    public func approvalImages(approvalID: String) throws(StoreError) -> [ApprovalImageRecord] {
        try read { db in try ApprovalImageRecord.filter(Column("approval_id") == approvalID).order(Column("position")).fetchAll(db) }
    }

    /// Every revocation, by approval id.
    public func revocations() throws(StoreError) -> [String: ApprovalRevocationRecord] {
        try read { db in
            Dictionary(uniqueKeysWithValues: try ApprovalRevocationRecord.fetchAll(db).map { ($0.approvalID, $0) })
        }
    }

    /// Revokes an approval; returns false (and writes nothing) if it was already revoked.
    @discardableResult
    public func revoke(_ revocation: ApprovalRevocationRecord) throws(StoreError) -> Bool {
        try Self.database("revoke approval \(revocation.approvalID)") {
            try pool.write { db -> Bool in
                guard try ApprovalRevocationRecord.fetchOne(db, key: revocation.approvalID) == nil else { return false }
                try revocation.insert(db)
                return true
            }
        }
    }

    /// Digests covered by an approval that is neither revoked nor expired at `instant`, sorted.
    public func activeApprovedDigests(at instant: Date) throws(StoreError) -> [String] {
        try read { db in
            try String.fetchAll(db, sql: """
                SELECT DISTINCT i.digest FROM approval_images i JOIN approvals a ON a.id = i.approval_id
                WHERE a.id NOT IN (SELECT approval_id FROM approval_revocations)
                  AND (a.expires_at IS NULL OR a.expires_at > ?)
                ORDER BY i.digest
                """, arguments: [instant])
        }
    }
}
