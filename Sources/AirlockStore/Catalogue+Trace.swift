import Foundation
internal import GRDB

extension Catalogue {
    /// Every verdict recorded for one image, in recording order (`airlock trace`).
    public func verdicts(subjectDigest: String) throws(StoreError) -> [VerdictRecord] {
        try read { db in
            try VerdictRecord.rows.filter(VerdictRecord.Columns.subjectDigest == subjectDigest)
                .order(VerdictRecord.Columns.seq).records(db)
        }
    }

    /// Every approval row naming one image, by approval then position (`airlock trace`, `airlock reevaluate`).
    public func approvalImages(digest: String) throws(StoreError) -> [ApprovalImageRecord] {
        try read { db in
            try ApprovalImageRecord.rows.filter(ApprovalImageRecord.Columns.digest == digest)
                .order(ApprovalImageRecord.Columns.approvalID, ApprovalImageRecord.Columns.position).records(db)
        }
    }
}
