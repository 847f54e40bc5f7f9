internal import GRDB

extension Catalogue {
    /// The bundle with this archive SHA-256, if catalogued.
    public func bundle(archiveSHA256: String) throws(StoreError) -> ArchiveRecord? {
        try read { db in try ArchiveRecord.rows.filter(ArchiveRecord.Columns.archiveSHA256 == archiveSHA256).record(db) }
    }

    /// Records a whole import in one write transaction. If the same archive was catalogued meanwhile
    /// (checked inside the transaction), nothing is written and `.alreadyPresent` is returned.
    public func record(_ batch: ImportBatch) throws(StoreError) -> RecordOutcome {
        try Self.database("record bundle \(batch.bundle.id)") {
            try pool.write { db -> RecordOutcome in
                let sameArchive = ArchiveRecord.rows.filter(ArchiveRecord.Columns.archiveSHA256 == batch.bundle.archiveSHA256)
                if let existing = try sameArchive.record(db) {
                    return .alreadyPresent(existing)
                }
                var bundle = batch.bundle
                try bundle.insert(db)
                for blob in batch.blobs {
                    try db.execute(sql: """
                        INSERT INTO blobs (sha256, size, media_type) VALUES (?, ?, ?)
                        ON CONFLICT(sha256) DO UPDATE SET media_type = COALESCE(blobs.media_type, excluded.media_type)
                        """, arguments: [blob.sha256, blob.size, blob.mediaType])
                }
                for var file in batch.files { try file.insert(db) }
                for var image in batch.images { try image.insert(db) }
                for var evidence in batch.evidence { try evidence.insert(db) }
                for var artifact in batch.artifacts { try artifact.insert(db) }
                try DecisionLog.append(.import, recordID: bundle.id, subject: bundle.archiveSHA256, db)
                try seal(db)
                return .inserted
            }
        }
    }

    /// Every bundle, oldest first.
    public func bundles() throws(StoreError) -> [ArchiveRecord] {
        try read { db in try ArchiveRecord.rows.order(ArchiveRecord.Columns.importedAt, ArchiveRecord.Columns.id).records(db) }
    }

    /// The bundle whose id is `id`, or the only one whose archive SHA-256 starts with it; nil when none
    /// does. Throws `invalidID` unless `id` is lowercase hex, `ambiguousID` when it matches several bundles.
    public func bundle(matching id: String) throws(StoreError) -> ArchiveRecord? {
        let prefix = try IDPrefix(id)
        return try read { db in
            if let exact = try ArchiveRecord.rows.filter(ArchiveRecord.Columns.id == prefix.text).record(db) { return exact }
            let matches = ArchiveRecord.rows.filter(prefix.matches(ArchiveRecord.Columns.archiveSHA256))
            try prefix.requireUnambiguous(try matches.fetchCount(db), "bundles")
            return try matches.record(db)
        }
    }

    /// Images, optionally of one bundle, ordered by bundle then digest.
    public func images(bundleID: String? = nil) throws(StoreError) -> [ImageRecord] {
        try read { db in
            var request = ImageRecord.rows.order(ImageRecord.Columns.bundleID, ImageRecord.Columns.digest)
            if let bundleID { request = request.filter(ImageRecord.Columns.bundleID == bundleID) }
            return try request.records(db)
        }
    }

    /// Every image record with this digest (from any bundle).
    public func images(digest: String) throws(StoreError) -> [ImageRecord] {
        try read { db in
            try ImageRecord.rows.filter(ImageRecord.Columns.digest == digest).order(ImageRecord.Columns.bundleID).records(db)
        }
    }

    /// Evidence, optionally of one bundle, in discovery order.
    public func evidence(bundleID: String? = nil) throws(StoreError) -> [EvidenceRecord] {
        try read { db in
            var request = EvidenceRecord.rows.order(EvidenceRecord.Columns.id)
            if let bundleID { request = request.filter(EvidenceRecord.Columns.bundleID == bundleID) }
            return try request.records(db)
        }
    }

    /// Evidence speaking about one image digest, from any bundle.
    public func evidence(subjectDigest: String) throws(StoreError) -> [EvidenceRecord] {
        try read { db in
            try EvidenceRecord.rows.filter(EvidenceRecord.Columns.subjectDigest == subjectDigest).order(EvidenceRecord.Columns.id).records(db)
        }
    }

    /// The files of one bundle, by path.
    public func files(bundleID: String) throws(StoreError) -> [ArchiveFileRecord] {
        try read { db in
            try ArchiveFileRecord.rows.filter(ArchiveFileRecord.Columns.bundleID == bundleID).order(ArchiveFileRecord.Columns.path).records(db)
        }
    }
}
