public import Foundation
internal import GRDB

extension Catalogue {
    /// Records an approval and its images in one transaction.
    public func record(_ approval: ApprovalRecord, images: [ApprovalImageRecord]) throws(StoreError) {
        try Self.database("record approval \(approval.id)") {
            try pool.write { db in
                var approval = approval
                try approval.insert(db)
                for var image in images { try image.insert(db) }
                try DecisionLog.append(.approval, recordID: approval.id, subject: approval.id, db)
                try seal(db)
            }
        }
    }

    /// Every approval, oldest first.
    public func approvals() throws(StoreError) -> [ApprovalRecord] {
        try read { db in try ApprovalRecord.rows.order(ApprovalRecord.Columns.createdAt, ApprovalRecord.Columns.id).records(db) }
    }

    /// The only approval whose id starts with `prefix` (a whole id is a prefix too); nil when none does.
    /// Throws `invalidID` unless `prefix` is lowercase hex, `ambiguousID` when it matches several approvals.
    public func approval(matching prefix: String) throws(StoreError) -> ApprovalRecord? {
        let prefix = try IDPrefix(prefix)
        return try read { db in
            let matches = ApprovalRecord.rows.filter(prefix.matches(ApprovalRecord.Columns.id))
            try prefix.requireUnambiguous(try matches.fetchCount(db), "approvals")
            return try matches.record(db)
        }
    }

    /// The images of one approval, in manifest order.
    public func approvalImages(approvalID: String) throws(StoreError) -> [ApprovalImageRecord] {
        try read { db in
            try ApprovalImageRecord.rows.filter(ApprovalImageRecord.Columns.approvalID == approvalID)
                .order(ApprovalImageRecord.Columns.position).records(db)
        }
    }

    /// Every revocation, by approval id.
    public func revocations() throws(StoreError) -> [String: ApprovalRevocationRecord] {
        try read { db in
            Dictionary(uniqueKeysWithValues: try ApprovalRevocationRecord.rows.records(db).map { ($0.approvalID, $0) })
        }
    }

    /// Revokes an approval; returns false (and writes nothing) if it was already revoked.
    @discardableResult
    public func revoke(_ revocation: ApprovalRevocationRecord) throws(StoreError) -> Bool {
        try Self.database("revoke approval \(revocation.approvalID)") {
            try pool.write { db -> Bool in
                let existing = ApprovalRevocationRecord.rows.filter(ApprovalRevocationRecord.Columns.approvalID == revocation.approvalID)
                guard try existing.fetchCount(db) == 0 else { return false }
                var revocation = revocation
                try revocation.insert(db)
                try DecisionLog.append(.revocation, recordID: revocation.approvalID, subject: revocation.approvalID, db)
                try seal(db)
                return true
            }
        }
    }

    /// Digests covered by an approval that is neither revoked nor expired at `instant`, sorted.
    public func activeApprovedDigests(at instant: Date) throws(StoreError) -> [String] {
        try read { db in
            let revoked = ApprovalRevocationRecord.rows.select(ApprovalRevocationRecord.Columns.approvalID)
            let active = ApprovalRecord.rows
                .filter(!revoked.contains(ApprovalRecord.Columns.id))
                .filter(ApprovalRecord.Columns.expiresAt == nil || ApprovalRecord.Columns.expiresAt > instant)
                .select(ApprovalRecord.Columns.id)
            return try ApprovalImageRecord.rows
                .filter(active.contains(ApprovalImageRecord.Columns.approvalID))
                .select(ApprovalImageRecord.Columns.digest, as: String.self).distinct()
                .order(ApprovalImageRecord.Columns.digest)
                .fetchAll(db)
        }
    }
}
