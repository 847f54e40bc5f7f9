import Foundation
internal import GRDB
internal import GRDBSQLite
import AirlockFormats

/// The kinds of record the decision log covers; the raw value is the `kind` of a leaf.
public enum DecisionLogKind: String, Sendable, Codable, CaseIterable {
    /// A transfer archive import (the bundle, its files, blobs, images and evidence). Record id: bundle id.
    case `import`
    /// A recorded verdict and its checks. Record id: the verdict's sequence number.
    case verdict
    /// A signed approval and its images. Record id: the approval id.
    case approval
    /// The revocation of an approval. Record id: the approval id.
    case revocation
    /// An appliance key event (`keys init`, `keys rotate`). Record id: the key id. The leaf is the record.
    case key
    /// A transparency-log continuity event (a checkpoint held, connected, or a split view). Record id: its row id.
    case logEvent = "log-event"
    /// A trust-root change (`trustroot add|remove|pin-tuf|update`). Record id: the `trust_root_events` row id;
    /// subject: the root's name.
    case trustRoot = "trustroot"
}

/// Builds and appends decision-log entries inside the write transaction of the record they log.
///
/// An entry is the RFC 8785 canonical JSON object
/// `{"log":"airlock-decision-log/v1","kind":…,"recordId":…,"rows":{<table>:[<row>…]}}` where each row maps
/// column names to the stored value as text (integers in decimal, blobs holding a JSON object embedded as
/// that object, other blobs as `{"base64":…}`, NULL as null). It is built from the rows as stored, so
/// `audit verify` rebuilds the same bytes from an untouched catalogue, and it names every input by
/// digest (the verdict document carries the policy, trust-root and evidence digests).
enum DecisionLog {
    /// The `log` member of every entry.
    static let format = "airlock-decision-log/v1"

    /// The SELECTs whose rows make up the entry of one record, by table (the `?` is the record id).
    static func sections(_ kind: DecisionLogKind) -> [(table: String, sql: String)] {
        switch kind {
        case .import:
            return [
                ("bundles", "SELECT * FROM bundles WHERE id = ?"),
                ("bundle_files", "SELECT * FROM bundle_files WHERE bundle_id = ? ORDER BY path"),
                // media_type is left out: a later import may fill it in (COALESCE on conflict).
                ("blobs", "SELECT sha256, size FROM blobs WHERE sha256 IN (SELECT sha256 FROM bundle_files WHERE bundle_id = ?) ORDER BY sha256"),
                ("images", "SELECT * FROM images WHERE bundle_id = ? ORDER BY digest"),
                ("evidence", "SELECT * FROM evidence WHERE bundle_id = ? ORDER BY id"),
            ]
        case .verdict:
            return [
                ("verdicts", "SELECT * FROM verdicts WHERE seq = ?"),
                ("verdict_checks", "SELECT * FROM verdict_checks WHERE verdict_seq = ? ORDER BY position"),
            ]
        case .approval:
            return [
                ("approvals", "SELECT * FROM approvals WHERE id = ?"),
                ("approval_images", "SELECT * FROM approval_images WHERE approval_id = ? ORDER BY position"),
            ]
        case .revocation:
            return [("approval_revocations", "SELECT * FROM approval_revocations WHERE approval_id = ?")]
        case .key:
            return []
        case .logEvent:
            return [("tlog_events", "SELECT * FROM tlog_events WHERE id = ?")]
        case .trustRoot:
            return [("trust_root_events", "SELECT * FROM trust_root_events WHERE id = ?")]
        }
    }

    /// The table whose row is the record itself (absent: the record was deleted).
    static func primaryTable(_ kind: DecisionLogKind) -> String? { sections(kind).first?.table }

    /// The entry of one record as the catalogue holds it now; nil when its primary row is missing. Written
    /// straight from SQLite's column buffers by the walk `audit verify` compares with (each JSON-object blob
    /// spliced in when it is in RFC 8785 form, checked in one pass); a record with another blob or a real
    /// is written the slow way (`DecisionLogRows.encode`), which gives the same bytes.
    /// `layouts` keeps each kind's sections (statements and column keys) for the rest of one transaction.
    static func entry(_ kind: DecisionLogKind, recordID: String, _ db: Database, layouts: EntryLayouts? = nil) throws -> Data? {
        let sections: [DecisionLogScanner.Section]
        if let known = layouts?.sections[kind] {
            sections = known
        } else {
            sections = try DecisionLogScanner.sections(kind) { try db.cachedStatement(sql: $0).sqliteStatement }
            layouts?.sections[kind] = sections
        }
        var writer = EntryWriter()
        guard try DecisionLogScanner.walk(sections, kind: kind, recordID: recordID, into: &writer, connection: db.sqliteConnection) else {
            return nil
        }
        if writer.matches { return Data(writer.out) }
        return try DecisionLogRows.fetch(kind, recordID: recordID, db)?.encode()
    }

    /// Appends the leaf of one record (built from its rows) in the caller's transaction.
    static func append(_ kind: DecisionLogKind, recordID: String, subject: String, _ db: Database, layouts: EntryLayouts? = nil) throws {
        guard let entry = try DecisionLogCost.measure(.leaves, { () throws in try entry(kind, recordID: recordID, db, layouts: layouts) }) else {
            throw StoreError(.database, "cannot log \(kind.rawValue) \(recordID): its row is missing")
        }
        try append(kind, recordID: recordID, subject: subject, entry: entry, db)
    }

    /// Appends a leaf with a given entry (key events, whose leaf is the record).
    static func append(_ kind: DecisionLogKind, recordID: String, subject: String, entry: Data, _ db: Database) throws {
        try DecisionLogCost.measure(.leaves) { () throws in
            let next = try Int64.fetchOne(try db.cachedStatement(sql: DecisionLogStatements.leafEnd)) ?? 0
            try db.cachedStatement(sql: DecisionLogStatements.insertLeaf)
                .execute(arguments: [next, kind.rawValue, recordID, subject, entry])
        }
    }

    /// The kinds whose records live in tables (a key event's leaf is its own record), in backfill order.
    static let recordKinds: [DecisionLogKind] = [.import, .verdict, .approval, .revocation, .trustRoot, .logEvent]

    /// `SELECT rid, subject` (record id and subject) of every record of a kind, oldest first (nil: key events, which have no table).
    static func recordQuery(_ kind: DecisionLogKind) -> String? {
        switch kind {
        case .import: "SELECT id AS rid, archive_sha256 AS subject FROM bundles ORDER BY imported_at, id"
        case .verdict: "SELECT CAST(seq AS TEXT) AS rid, id AS subject FROM verdicts ORDER BY seq"
        case .approval: "SELECT id AS rid, id AS subject FROM approvals ORDER BY created_at, id"
        case .revocation: "SELECT approval_id AS rid, approval_id AS subject FROM approval_revocations ORDER BY revoked_at, approval_id"
        case .trustRoot: "SELECT CAST(id AS TEXT) AS rid, name AS subject FROM trust_root_events ORDER BY id"
        case .logEvent: "SELECT CAST(id AS TEXT) AS rid, origin AS subject FROM tlog_events ORDER BY id"
        case .key: nil
        }
    }

    /// Every record of the given kinds that a leaf should cover, in log order for a backfill: by kind in
    /// the order given, each oldest first.
    static func loggableRecords(_ db: Database, kinds: [DecisionLogKind] = recordKinds) throws
        -> [(kind: DecisionLogKind, id: String, subject: String)] {
        var out: [(DecisionLogKind, String, String)] = []
        for kind in kinds {
            guard let sql = recordQuery(kind) else { continue }
            for row in try Row.fetchAll(db, sql: sql) { out.append((kind, row[0], row[1])) }
        }
        return out
    }

    /// The table of each kind's records and the expression giving a row's record id (nil: key events).
    static func recordTable(_ kind: DecisionLogKind) -> (table: String, id: String)? {
        switch kind {
        case .import: ("bundles", "id")
        case .verdict: ("verdicts", "CAST(seq AS TEXT)")
        case .approval: ("approvals", "id")
        case .revocation: ("approval_revocations", "approval_id")
        case .trustRoot: ("trust_root_events", "CAST(id AS TEXT)")
        case .logEvent: ("tlog_events", "CAST(id AS TEXT)")
        case .key: nil
        }
    }

    /// Records that no leaf covers among the rows a guard has not checked yet, and the highest rowid of each
    /// record table now (the next mark's). For a kind with a high-water rowid `h` from the last mark only rows
    /// with a rowid above `h` or below 1 are looked at (SQLite assigns 1 and up, above the largest; a row
    /// below `h` can only be forged with an explicit rowid in a slot a deleted record left, and that
    /// deletion is what the sweep and `audit verify` name): O(new rows) by rowid range, then the anti-join on
    /// the leaves' `(kind, record_id)` index. A kind without `h`, or whose largest rowid fell below it (rows
    /// deleted at the top), is checked in full.
    static func unlogged(_ db: Database, above highs: [DecisionLogKind: Int64])
        throws -> (unlogged: [(kind: DecisionLogKind, id: String)], highs: [DecisionLogKind: Int64]) {
        // One statement gives each table's smallest and largest rowid (one b-tree end each); only a table
        // with rows above its mark or below 1 is then looked at, by its own two rowid ranges. Fixed texts
        // with the marks bound, so a connection prepares each once, and a guard with no new record prepares one.
        let tables = loggedTables
        let bounds = try Row.fetchOne(try db.cachedStatement(sql: boundsQuery))
        var now: [DecisionLogKind: Int64] = [:]
        var out: [(kind: DecisionLogKind, id: String)] = []
        for (position, table) in tables.enumerated() {
            let low: Int64 = (bounds?[2 * position] as Int64?) ?? 1
            let top: Int64 = (bounds?[2 * position + 1] as Int64?) ?? 0
            now[table.kind] = top
            let high = highs[table.kind] ?? 0
            let mark = high <= top ? high : 0
            guard low < 1 || top > mark else { continue }
            let rows = try Row.fetchAll(try db.cachedStatement(sql: unloggedQuery(table.kind)), arguments: [mark])
            out += rows.map { (rowid: $0[0] as Int64, id: $0[1] as String) }.sorted { $0.rowid < $1.rowid }.map { (kind: table.kind, id: $0.id) }
        }
        return (out, now)
    }

    /// Each record kind with a table: the kind, its table, and the expression of a row's record id.
    static let loggedTables: [(kind: DecisionLogKind, table: String, id: String)] =
        recordKinds.compactMap { kind in recordTable(kind).map { (kind: kind, table: $0.table, id: $0.id) } }

    /// `MIN(rowid)` and `MAX(rowid)` of every table of `loggedTables`, in its order (NULL when empty). Bare,
    /// so SQLite reads each from one end of the table's b-tree.
    static let boundsQuery = "SELECT " + loggedTables.map {
        "(SELECT MIN(rowid) FROM \($0.table)), (SELECT MAX(rowid) FROM \($0.table))"
    }.joined(separator: ", ")

    /// `rowid, record id` of `kind`'s rows below rowid 1 or above the bound mark with no leaf: two rowid range
    /// searches (one `OR` with an `ORDER BY rowid` let SQLite scan the whole table in rowid order instead),
    /// each row then looked up in the leaves' `(kind, record_id)` index.
    static func unloggedQuery(_ kind: DecisionLogKind) -> String {
        guard let table = recordTable(kind) else { return "SELECT 0, '' WHERE 0" }
        let select = "SELECT rowid, \(table.id) AS rid FROM \(table.table) WHERE"
        let unlogged = "NOT EXISTS (SELECT 1 FROM log_leaves WHERE kind = '\(kind.rawValue)' AND record_id = rid)"
        return "\(select) rowid < 1 AND \(unlogged) UNION ALL \(select) rowid > ? AND \(unlogged)"
    }

    /// Records of any kind that no leaf covers, found by an anti-join on the leaves' `(kind, record_id)` index.
    static func unlogged(_ db: Database) throws -> [(kind: DecisionLogKind, id: String)] {
        var out: [(kind: DecisionLogKind, id: String)] = []
        for kind in recordKinds {
            guard let sql = recordQuery(kind) else { continue }
            let ids = try String.fetchAll(db, sql: """
                SELECT rid FROM (\(sql)) WHERE NOT EXISTS (SELECT 1 FROM log_leaves WHERE kind = ? AND record_id = rid)
                """, arguments: [kind.rawValue])
            out += ids.map { (kind: kind, id: $0) }
        }
        return out
    }

    /// Appends a leaf for every existing record of `kinds` (the migration of a catalogue made before the
    /// log, `v4-decision-log`, with the four kinds it knew; `v8-decision-log-trust-roots` for trust-root events).
    static func backfill(_ db: Database, kinds: [DecisionLogKind]) throws {
        for record in try loggableRecords(db, kinds: kinds) {
            try append(record.kind, recordID: record.id, subject: record.subject, db)
        }
    }

    /// Every append-only trigger the schema defines.
    static let appendOnlyTriggers: [String] = ["verdicts", "verdict_checks", "approvals", "approval_images",
                                               "approval_revocations", "log_leaves", "log_checkpoints", "trust_root_events",
                                               "log_nodes", "tlog_events"]
        .flatMap { ["\($0)_no_update", "\($0)_no_delete"] }
}

/// The sections of each kind's entry (cached statements of one connection, with their column keys), kept
/// for one write transaction that logs many records, e.g. a `verify --all` run's verdicts: no DDL runs
/// inside it, so the statements and their columns stay as they are, and each entry is written without
/// reading, sorting and quoting the column names again.
final class EntryLayouts {
    var sections: [DecisionLogKind: [DecisionLogScanner.Section]] = [:]
}
