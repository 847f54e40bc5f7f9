import Foundation
internal import GRDB
import AirlockFormats

extension Catalogue {
    /// Records one verdict with its checks and referenced blobs in one transaction; returns its sequence number.
    @discardableResult
    public func record(_ batch: VerdictBatch) throws(StoreError) -> Int64 {
        try record([batch])[0]
    }

    /// Records several verdicts in one transaction (one commit for a whole `verify --all`), with the
    /// log-continuity change their checkpoints make (note blobs already stored; `recordTlogChange`), so a
    /// run is recorded whole or not at all and seals one checkpoint; returns the verdicts' sequence numbers
    /// in order.
    @discardableResult
    public func record(_ batches: [VerdictBatch], tlogChange: TlogChange = TlogChange()) throws(StoreError) -> [Int64] {
        try Self.database("record \(batches.count) verdict(s)") {
            try pool.write { db -> [Int64] in
                let layouts = EntryLayouts()
                let seqs = try batches.map { batch in try Self.insert(batch, db, layouts: layouts) }
                try Self.apply(tlogChange, db)
                try seal(db)
                return seqs
            }
        }
    }

    /// Inserts one verdict; check rows go through one cached prepared statement (tens of rows per verdict).
    private static func insert(_ batch: VerdictBatch, _ db: Database, layouts: EntryLayouts) throws -> Int64 {
        let blobStatement = try db.cachedStatement(sql: "INSERT INTO blobs (sha256, size, media_type) VALUES (?, ?, ?) ON CONFLICT(sha256) DO NOTHING")
        for blob in batch.blobs {
            try blobStatement.execute(arguments: [blob.sha256, blob.size, blob.mediaType])
        }
        var verdict = batch.verdict
        try verdict.insert(db)
        guard let seq = verdict.seq else { throw StoreError(.database, "verdict row has no sequence number") }
        let checkStatement = try RawStatement("""
            INSERT INTO verdict_checks (verdict_seq, position, check_id, status, message, evidence) VALUES (?, ?, ?, ?, ?, ?)
            """, db)
        for (position, check) in batch.checks.enumerated() {
            let evidence = String(decoding: CanonicalJSON.compact(.array(check.evidence.map(JSONValue.string))), as: UTF8.self)
            try checkStatement.execute(.integer(seq), .integer(Int64(position)), .text(check.id), .text(check.status.rawValue),
                                       .text(check.message), .text(evidence))
        }
        try DecisionLog.append(.verdict, recordID: String(seq), subject: verdict.id, db, layouts: layouts)
        return seq
    }

    /// Every verdict, in recording order.
    public func verdicts() throws(StoreError) -> [VerdictRecord] {
        try read { db in try VerdictRecord.rows.order(VerdictRecord.Columns.seq).records(db) }
    }

    /// The most recent verdict of each image, by subject digest.
    public func latestVerdicts() throws(StoreError) -> [String: VerdictRecord] {
        try read { db in
            let latestSeqs = VerdictRecord.rows.select(max(VerdictRecord.Columns.seq)).group(VerdictRecord.Columns.subjectDigest)
            let rows = try VerdictRecord.rows.filter(latestSeqs.contains(VerdictRecord.Columns.seq)).records(db)
            return Dictionary(rows.map { ($0.subjectDigest, $0) }, uniquingKeysWith: { a, b in (a.seq ?? 0) > (b.seq ?? 0) ? a : b })
        }
    }

    /// The latest verdict recorded with the only verdict id starting with `prefix` (a whole id is a
    /// prefix too); nil when none does. Throws `invalidID` unless `prefix` is lowercase hex,
    /// `ambiguousID` when it matches several verdict ids (re-recordings of one id count once).
    public func verdict(matching prefix: String) throws(StoreError) -> VerdictRecord? {
        let prefix = try IDPrefix(prefix)
        return try read { db in
            let matches = VerdictRecord.rows.filter(prefix.matches(VerdictRecord.Columns.id))
            try prefix.requireUnambiguous(try matches.select(VerdictRecord.Columns.id).distinct().fetchCount(db), "verdicts")
            return try matches.order(VerdictRecord.Columns.seq.desc).record(db)
        }
    }

    /// The check rows of one verdict, in order.
    public func checks(verdictSeq: Int64) throws(StoreError) -> [VerdictCheckRecord] {
        try read { db in
            try VerdictCheckRecord.rows.filter(VerdictCheckRecord.Columns.verdictSeq == verdictSeq)
                .order(VerdictCheckRecord.Columns.position).records(db)
        }
    }
}
