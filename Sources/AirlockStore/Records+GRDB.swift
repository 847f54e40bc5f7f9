internal import GRDB

// Table bindings of the record structs (GRDB RecordRecommendedPractices: one Codable struct per table,
// with a `Columns` enum built from its coding keys). The bindings are internal: clients query through
// `Catalogue`, never through GRDB.

extension ArchiveRecord: StoredRecord {
    static let databaseTableName = "bundles"

    /// Columns used in queries.
    enum Columns {
        static let id = Column(CodingKeys.id)
        static let archiveSHA256 = Column(CodingKeys.archiveSHA256)
        static let importedAt = Column(CodingKeys.importedAt)
    }
}

extension ArchiveFileRecord: StoredRecord {
    static let databaseTableName = "bundle_files"

    /// Columns used in queries.
    enum Columns {
        static let bundleID = Column(CodingKeys.bundleID)
        static let path = Column(CodingKeys.path)
    }
}

extension BlobRecord: StoredRecord {
    static let databaseTableName = "blobs"
}

extension ImageRecord: StoredRecord {
    static let databaseTableName = "images"

    /// Columns used in queries.
    enum Columns {
        static let bundleID = Column(CodingKeys.bundleID)
        static let digest = Column(CodingKeys.digest)
    }
}

extension EvidenceRecord: StoredRecord {
    static let databaseTableName = "evidence"

    /// Columns used in queries.
    enum Columns {
        static let id = Column(CodingKeys.id)
        static let bundleID = Column(CodingKeys.bundleID)
        static let subjectDigest = Column(CodingKeys.subjectDigest)
    }

    /// Keeps the row id SQLite assigned.
    mutating func didInsert(rowID: Int64) {
        id = rowID
    }
}

extension VerdictRecord: StoredRecord {
    static let databaseTableName = "verdicts"

    /// Columns used in queries.
    enum Columns {
        static let seq = Column(CodingKeys.seq)
        static let id = Column(CodingKeys.id)
        static let subjectDigest = Column(CodingKeys.subjectDigest)
    }

    /// Keeps the sequence number SQLite assigned.
    mutating func didInsert(rowID: Int64) {
        seq = rowID
    }
}

extension VerdictCheckRecord: StoredRecord {
    static let databaseTableName = "verdict_checks"

    /// Columns used in queries.
    enum Columns {
        static let verdictSeq = Column(CodingKeys.verdictSeq)
        static let position = Column(CodingKeys.position)
    }
}

extension ApprovalRecord: StoredRecord {
    static let databaseTableName = "approvals"

    /// Columns used in queries.
    enum Columns {
        static let id = Column(CodingKeys.id)
        static let createdAt = Column(CodingKeys.createdAt)
        static let expiresAt = Column(CodingKeys.expiresAt)
    }
}

extension ApprovalImageRecord: StoredRecord {
    static let databaseTableName = "approval_images"

    /// Columns used in queries.
    enum Columns {
        static let approvalID = Column(CodingKeys.approvalID)
        static let position = Column(CodingKeys.position)
        static let digest = Column(CodingKeys.digest)
    }
}

extension ApprovalRevocationRecord: StoredRecord {
    static let databaseTableName = "approval_revocations"

    /// Columns used in queries.
    enum Columns {
        static let approvalID = Column(CodingKeys.approvalID)
    }
}
