public import Foundation
internal import GRDB
internal import GRDBSQLite
import AirlockFormats
internal import Synchronization

extension Catalogue {
    /// Everything `audit verify` needs, as of one instant, with the leaves streamed rather than held.
    ///
    /// The leaves are read by `parts` reader threads, each on its own connection, taking contiguous index
    /// ranges in turn (eight per reader, so none waits on a slow one; the rest of the snapshot is one more
    /// turn), and each leaf's logged entry is compared with the entry its record's rows give now
    /// (`DecisionLogScanner`: byte for byte, without building the entry; where they differ the entry is
    /// built the slow way, `DecisionLogRows.encode()`, which decides). `visit` is called on those
    /// threads (concurrently) with each batch of up to `batchSize` consecutive leaves: every leaf's index,
    /// kind and `leafHash` of the entry the rows give now (the logged entry where the record's row is gone;
    /// a key leaf's own entry), hashed straight from SQLite's buffer, and, in full, the leaves whose rows
    /// do not give their logged entry. So that every connection sees the same catalogue, other writers are
    /// held off (`BEGIN IMMEDIATE` on the writer; they wait, up to the busy timeout) until the scan ends; a
    /// read-only catalogue has no writer. Memory stays bounded by `parts` batches however long the log
    /// (plus what `visit` keeps). Throws `StoreError` (`.database`) on a read failure, an unknown leaf
    /// kind, or an error `visit` throws.
    public func decisionLogSnapshot(parts: Int = ProcessInfo.processInfo.activeProcessorCount, batchSize: Int = 512,
                                    leafHash: @escaping @Sendable (UnsafeRawBufferPointer) -> Data,
                                    visit: @escaping @Sendable (DecisionLogScanBatch) throws -> Void) throws(StoreError) -> DecisionLogSnapshot {
        try Self.database("read the decision log") {
            try withWritersHeld {
                let bounds = try pool.read { db in
                    try Row.fetchOne(db, sql: "SELECT COALESCE(MIN(idx), 0), COALESCE(MAX(idx) + 1, 0) FROM log_leaves")
                }
                let low: Int64 = bounds?[0] ?? 0, high: Int64 = bounds?[1] ?? 0
                // Eight ranges per reader, taken in turn, so a reader that falls behind does not hold up the
                // others; the rest of the snapshot is read alongside, by whichever reader starts first.
                let threads = max(1, parts)
                let ranges = max(1, min(threads * 8, Int((high - low) / Int64(batchSize)) + 1))
                let next = Mutex(-1)
                let failures = Mutex<[any Error]>([])
                let rest = Mutex<DecisionLogSnapshot?>(nil)
                let group = DispatchGroup()
                for _ in 0..<threads {
                    DispatchQueue.global().async(group: group) { [pool] in
                        do {
                            while failures.withLock({ $0.isEmpty }) {
                                let item = next.withLock { value -> Int in value += 1; return value }
                                if item > ranges { break }
                                if item == 0 {
                                    let snapshot = try pool.read { db in
                                        DecisionLogSnapshot(unlogged: try DecisionLog.unlogged(db), missingTriggers: try Self.missingTriggers(db),
                                                            checkpoints: try Self.checkpoints(db), blobs: try Self.blobUses(db), nodes: try Self.allLogNodes(db))
                                    }
                                    rest.withLock { $0 = snapshot }
                                    continue
                                }
                                let part = Int64(item - 1)
                                let range = (low + (high - low) * part / Int64(ranges))..<(low + (high - low) * (part + 1) / Int64(ranges))
                                try pool.read { db in try Self.scanLeaves(db, range: range, batchSize: batchSize, leafHash: leafHash, visit: visit) }
                            }
                        } catch {
                            failures.withLock { $0.append(error) }
                        }
                    }
                }
                group.wait()
                if let failure = failures.withLock({ $0.first }) { throw failure }
                guard let snapshot = rest.withLock({ $0 }) else { throw StoreError(.database, "the decision-log snapshot was not read") }
                return snapshot
            }
        }
    }

    /// Runs `body` with other writers held off (`BEGIN IMMEDIATE` on the writer connection, rolled back
    /// after), so reads on other connections inside it all see the same catalogue. A read-only catalogue
    /// has no writer: `body` runs as is. `body` must not read on the calling thread (it is the writer's).
    private func withWritersHeld<T>(_ body: () throws -> T) throws -> T {
        if pool.configuration.readonly { return try body() }
        return try pool.writeWithoutTransaction { db in
            do {
                try db.execute(sql: "BEGIN IMMEDIATE")
            } catch let error as DatabaseError where error.resultCode == .SQLITE_READONLY {
                return try body()  // a catalogue this process may not write: no writer to hold off through it
            }
            defer { try? db.execute(sql: "ROLLBACK") }
            return try body()
        }
    }

    /// Streams the leaves with indices in `range` to `visit`, in batches, each checked against its rows.
    private static func scanLeaves(_ db: Database, range: Range<Int64>, batchSize: Int, leafHash: (UnsafeRawBufferPointer) -> Data,
                                   visit: (DecisionLogScanBatch) throws -> Void) throws {
        // Memory-mapped reads (up to SQLite's compiled limit) spare a copy per page.
        try db.execute(sql: "PRAGMA mmap_size = 2147418112")
        let scanner = DecisionLogScanner(db.sqliteConnection)
        defer { scanner.finalize() }
        let leaves = try scanner.prepare("SELECT idx, kind, record_id, subject, entry FROM log_leaves WHERE idx >= ?1 AND idx < ?2 ORDER BY idx")
        defer { sqlite3_finalize(leaves) }
        sqlite3_bind_int64(leaves, 1, range.lowerBound)
        sqlite3_bind_int64(leaves, 2, range.upperBound)
        var batch = DecisionLogScanBatch()
        batch.leaves.reserveCapacity(batchSize)
        while true {
            let status = sqlite3_step(leaves)
            if status == SQLITE_DONE { break }
            guard status == SQLITE_ROW else { throw scanner.error("read the decision log") }
            let index = sqlite3_column_int64(leaves, 0)
            let kindText = DecisionLogScanner.text(leaves, 1)
            guard let kind = DecisionLogKind(rawValue: kindText) else {
                throw StoreError(.database, "log leaf \(index) has an unknown kind \"\(kindText)\"")
            }
            let recordID = DecisionLogScanner.text(leaves, 2)
            // Valid until the next step of `leaves` (the scanner's own statements leave it alone).
            let start = sqlite3_column_blob(leaves, 4)
            let logged = UnsafeRawBufferPointer(start: start, count: Int(sqlite3_column_bytes(leaves, 4)))
            let outcome = kind == .key ? .equal : try scanner.compare(kind, recordID: recordID, with: logged)
            let entry = outcome == .equal ? nil : Data(logged)
            // Not decided byte for byte (a blob that is not a JSON object, a real, or a real difference): the slow path decides.
            let rebuilt = outcome == .differs ? try DecisionLogRows.fetch(kind, recordID: recordID, db)?.encode() : nil
            if outcome == .equal || (rebuilt != nil && rebuilt == entry) {
                batch.leaves.append((index, kind, leafHash(logged)))
            } else if let entry {
                let stored = DecisionLogLeaf(index: index, kind: kind, recordID: recordID,
                                             subject: DecisionLogScanner.text(leaves, 3), entry: entry)
                batch.mismatched.append(DecisionLogSnapshot.Leaf(stored: stored, rebuilt: rebuilt))
                (rebuilt ?? entry).withUnsafeBytes { batch.leaves.append((index, kind, leafHash($0))) }
            }
            if batch.leaves.count == batchSize {
                try visit(batch)
                batch = DecisionLogScanBatch()
                batch.leaves.reserveCapacity(batchSize)
            }
        }
        if !batch.leaves.isEmpty { try visit(batch) }
    }
}

/// One batch of `audit verify`'s streamed scan (`Catalogue.decisionLogSnapshot`).
public struct DecisionLogScanBatch: Sendable {
    /// Every leaf of the batch, in index order: its index, kind, and the caller's leaf hash of the entry
    /// the catalogue's rows give now (the logged entry where the record's row is gone).
    public var leaves: [(index: Int64, kind: DecisionLogKind, leafHash: Data)] = []
    /// The leaves whose rows do not give their logged entry (edited: `rebuilt` differs; deleted: nil).
    public var mismatched: [DecisionLogSnapshot.Leaf] = []
}

/// Decides whether a record's rows give exactly its logged entry, reading the rows straight from SQLite
/// (`sqlite3_column_*`, no intermediate values) and comparing them, piece by piece, with the logged bytes
/// in the shape `DecisionLogRows` writes (keys sorted, strings escaped as RFC 8785 does, JSON-object blobs
/// spliced in as stored). Equal bytes prove the record is unchanged; anything else (a differing byte, a
/// blob that is not a JSON object, a float) is `.differs` and the caller builds the entry the slow way,
/// which decides. One statement per section, prepared once per scan.
final class DecisionLogScanner {
    /// The comparison's outcome.
    enum Outcome { case equal, differs, missing }

    struct Section {
        let table: String
        let statement: OpaquePointer
        /// What precedes the section's rows in the entry: `"table":[`, after a comma unless it is the first.
        var header: [UInt8] = []
        /// Result columns in the order the entry lists them (UTF-8 order of their names, all ASCII), each
        /// with the bytes that precede its value: `{"name":` for the first, `,"name":` for the others.
        let columns: [(key: [UInt8], index: Int32)]
        /// Whether this is the record's own row (absent: the record was deleted).
        let primary: Bool
    }

    private let connection: OpaquePointer?
    private var sections: [DecisionLogKind: [Section]] = [:]
    private var statements: [OpaquePointer] = []
    /// The connection's statement cache, when the scan uses it (`init(_:cached:)`).
    private let cached: ((String) throws -> OpaquePointer)?

    /// A scanner preparing its own statements on `connection` (finalized by `finalize()`).
    init(_ connection: OpaquePointer?) {
        self.connection = connection
        cached = nil
    }

    /// A scanner over the statements `cached` gives for each section's SQL (the connection's cache, which keeps
    /// them for the connection's later writes and scans: the write guard on the writer's connection, where each
    /// leaf append prepared the same statements); `finalize()` leaves them to their cache.
    init(_ connection: OpaquePointer?, cached: @escaping (String) throws -> OpaquePointer) {
        self.connection = connection
        self.cached = cached
    }

    /// Finalizes every statement prepared for the scan.
    func finalize() {
        for statement in statements { sqlite3_finalize(statement) }
        statements.removeAll()
    }

    func prepare(_ sql: String) throws -> OpaquePointer {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(connection, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw error("prepare \(sql.prefix(80))")
        }
        return statement
    }

    func error(_ context: String) -> StoreError {
        StoreError(.database, "cannot \(context): " + String(cString: sqlite3_errmsg(connection)))
    }

    static func text(_ statement: OpaquePointer, _ column: Int32) -> String {
        guard let bytes = sqlite3_column_text(statement, column) else { return "" }
        return String(decoding: UnsafeBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(statement, column))), as: UTF8.self)
    }

    /// A name as a JSON string, escaped as the log escapes strings.
    private static func quoted(_ name: String) -> [UInt8] {
        var out: [UInt8] = []
        CanonicalJSON.writeEscapedString(name, into: &out)
        return out
    }

    private func sections(_ kind: DecisionLogKind) throws -> [Section] {
        if let known = sections[kind] { return known }
        let made = try Self.sections(kind) { (sql) throws -> OpaquePointer in
            if let cached { return try cached(sql) }
            let statement = try prepare(sql)
            statements.append(statement)
            return statement
        }
        sections[kind] = made
        return made
    }

    /// The sections of `kind`'s entry in entry order, each over the statement `statement(sql)` gives for its
    /// SELECT (prepared by the scanner, or cached by the connection), with its column keys.
    static func sections(_ kind: DecisionLogKind, statement: (String) throws -> OpaquePointer) throws -> [Section] {
        let primary = DecisionLog.primaryTable(kind)
        var made: [Section] = []
        for section in DecisionLog.sections(kind) {
            let statement = try statement(section.sql)
            let columns = (0..<sqlite3_column_count(statement)).map { (name: String(cString: sqlite3_column_name(statement, $0)), index: $0) }
                .sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
            made.append(Section(table: section.table, statement: statement,
                                columns: columns.enumerated().map { (($0.offset == 0 ? [0x7B] : [0x2C]) + Self.quoted($0.element.name) + [0x3A], $0.element.index) },
                                primary: section.table == primary))
        }
        made.sort { $0.table.utf8.lexicographicallyPrecedes($1.table.utf8) }
        for n in made.indices { made[n].header = (n == 0 ? [] : [0x2C]) + Self.quoted(made[n].table) + [0x3A, 0x5B] }
        return made
    }

    /// Compares the rows of `kind:recordID` with `logged`.
    func compare(_ kind: DecisionLogKind, recordID: String, with logged: UnsafeRawBufferPointer) throws -> Outcome {
        var matcher = EntryMatcher(logged)
        guard try Self.walk(try sections(kind), kind: kind, recordID: recordID, into: &matcher, connection: connection) else { return .missing }
        return matcher.complete ? .equal : .differs
    }

    /// Puts the entry of `kind:recordID` into `sink` as `DecisionLogRows` states it, straight from SQLite's
    /// column buffers: the one walk behind both the comparison with a logged entry and the writing of a new
    /// one. Returns false when the record's primary row is missing. Stops filling `sink` once it stops
    /// matching, but still steps the primary section (its presence decides).
    static func walk<Sink: EntrySink>(_ sections: [Section], kind: DecisionLogKind, recordID: String, into sink: inout Sink,
                                      connection: OpaquePointer?) throws -> Bool {
        sink.literal(#"{"kind":"#); sink.string(kind.rawValue)
        sink.literal(#","log":"#); sink.string(DecisionLog.format)
        sink.literal(#","recordId":"#); sink.string(recordID)
        sink.literal(#","rows":{"#)
        var found = true
        for section in sections {
            sink.raw(section.header)
            let statement = section.statement
            sqlite3_reset(statement)
            defer { sqlite3_reset(statement) }
            guard sqlite3_bind_text(statement, 1, recordID, -1, sqliteTransient) == SQLITE_OK else {
                throw StoreError(.database, "cannot bind \(recordID): " + String(cString: sqlite3_errmsg(connection)))
            }
            var rows = 0
            while true {
                let status = sqlite3_step(statement)
                if status == SQLITE_DONE { break }
                guard status == SQLITE_ROW else {
                    throw StoreError(.database, "cannot read \(section.table) of \(kind.rawValue) \(recordID): " + String(cString: sqlite3_errmsg(connection)))
                }
                if rows > 0 { sink.literal(",") }
                rows += 1
                guard sink.matches else { continue }  // keep stepping: the primary's presence still decides
                for column in section.columns {
                    sink.raw(column.key)
                    sink.value(statement, column.index)
                }
                sink.literal("}")
            }
            if section.primary, rows == 0 { found = false }
            sink.literal("]")
        }
        sink.literal("}}")
        return found
    }
}

/// `SQLITE_TRANSIENT`: SQLite copies the bound text.
let sqliteTransient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// Where a walk of one record's rows puts the entry's bytes (`DecisionLogScanner.walk`): compared with a
/// logged entry (`EntryMatcher`) or written as a new one (`EntryWriter`).
protocol EntrySink {
    /// False once the bytes differ (matcher) or cannot be written the fast way (writer): the walk stops filling.
    var matches: Bool { get }
    /// A piece of the entry.
    mutating func bytes(_ piece: UnsafeRawBufferPointer)
    /// One byte of the entry.
    mutating func byte(_ value: UInt8)
    /// A blob column's value (spliced when it is a JSON object in canonical form).
    mutating func blob(_ blob: UnsafeRawBufferPointer)
    /// A value only the slow path can state (a real): stop.
    mutating func unsupported()
}

/// Compares bytes written in pieces with an expected buffer, stopping at the first difference.
struct EntryMatcher: EntrySink {
    private let expected: UnsafeRawBufferPointer
    private var offset = 0
    /// False once a written piece differed from the expected bytes.
    private(set) var matches = true

    init(_ expected: UnsafeRawBufferPointer) {
        self.expected = expected
    }

    /// Whether everything written equals the expected bytes, and nothing of them is left over.
    var complete: Bool { matches && offset == expected.count }

    mutating func bytes(_ piece: UnsafeRawBufferPointer) {
        guard matches, !piece.isEmpty else { return }
        guard piece.count <= expected.count - offset, let base = expected.baseAddress, let start = piece.baseAddress else {
            matches = false
            return
        }
        // Most pieces are a few bytes (names, punctuation, short values): a loop beats a call to memcmp.
        if piece.count <= 16 {
            for position in 0..<piece.count where base.load(fromByteOffset: offset + position, as: UInt8.self)
                != start.load(fromByteOffset: position, as: UInt8.self) {
                matches = false
                return
            }
        } else if memcmp(base + offset, start, piece.count) != 0 {
            matches = false
            return
        }
        offset += piece.count
    }

    mutating func byte(_ value: UInt8) {
        guard matches else { return }
        guard offset < expected.count, expected[offset] == value else {
            matches = false
            return
        }
        offset += 1
    }

    mutating func unsupported() { matches = false }

    /// A logged blob was spliced in as it is stored (it was canonical then): equal bytes decide.
    mutating func blob(_ blob: UnsafeRawBufferPointer) {
        if blob.first == 0x7B { bytes(blob) } else { matches = false }
    }
}

/// Writes a new entry the fast way; gives up (`matches` false) where only the slow path can say what the
/// entry is: a blob that is not a JSON object in RFC 8785 form, or a real.
struct EntryWriter: EntrySink {
    private(set) var out: [UInt8] = []
    private(set) var matches = true

    init(capacity: Int = 8192) {
        out.reserveCapacity(capacity)
    }

    mutating func bytes(_ piece: UnsafeRawBufferPointer) {
        if matches { out.append(contentsOf: piece) }
    }

    mutating func byte(_ value: UInt8) {
        if matches { out.append(value) }
    }

    mutating func blob(_ blob: UnsafeRawBufferPointer) {
        if blob.first == 0x7B, CanonicalJSON.isRFC8785(blob) { bytes(blob) } else { matches = false }
    }

    mutating func unsupported() { matches = false }
}

extension EntrySink {
    mutating func raw(_ piece: [UInt8]) {
        piece.withUnsafeBytes { bytes($0) }
    }

    mutating func literal(_ text: StaticString) {
        bytes(UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    mutating func string(_ text: String) {
        var text = text
        text.withUTF8 { quoted(UnsafeRawBufferPointer($0)) }
    }

    /// An integer as `DecisionLogRows` states it: its decimal text, quoted.
    mutating func integer(_ value: Int64) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { digits in
            var magnitude = value.magnitude
            var start = 23
            digits[start] = 0x22
            repeat {
                start -= 1
                digits[start] = UInt8(truncatingIfNeeded: 0x30 + magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            if value < 0 { start -= 1; digits[start] = 0x2D }
            start -= 1
            digits[start] = 0x22
            bytes(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: digits[start...])))
        }
    }

    /// A JSON string: the bytes quoted, with `"`, `\` and control characters escaped as RFC 8785 does;
    /// each run of bytes that needs no escape is compared at once.
    mutating func quoted(_ text: UnsafeRawBufferPointer) {
        byte(0x22)
        var run = 0
        var position = 0
        while matches, let found = Self.firstToEscape(text, from: position) {
            position = found + 1
            let value = text[found]
            bytes(UnsafeRawBufferPointer(rebasing: text[run..<found]))
            run = position
            raw(CanonicalJSON.stringEscapes[Int(value)])
        }
        bytes(UnsafeRawBufferPointer(rebasing: text[run...]))
        byte(0x22)
    }

    /// The position of the first byte at or after `start` that a JSON string must escape (`"`, `\`, a
    /// control character), scanning 16 bytes at a time; nil when there is none.
    static func firstToEscape(_ text: UnsafeRawBufferPointer, from start: Int) -> Int? {
        var position = start
        if let base = text.baseAddress {
            let quote = SIMD16<UInt8>(repeating: 0x22), backslash = SIMD16<UInt8>(repeating: 0x5C), space = SIMD16<UInt8>(repeating: 0x20)
            while position + 16 <= text.count {
                let chunk = base.loadUnaligned(fromByteOffset: position, as: SIMD16<UInt8>.self)
                if any((chunk .< space) .| (chunk .== quote) .| (chunk .== backslash)) { break }
                position += 16
            }
        }
        while position < text.count {
            let value = text[position]
            if value < 0x20 || value == 0x22 || value == 0x5C { return position }
            position += 1
        }
        return nil
    }

    /// One column of the current row, as `DecisionLogRows` states it: integers as decimal text, NULL as
    /// null, text quoted, a blob holding a JSON object spliced in; other blobs and reals are left to the slow path.
    mutating func value(_ statement: OpaquePointer, _ column: Int32) {
        switch sqlite3_column_type(statement, column) {
        case SQLITE_NULL:
            literal("null")
        case SQLITE_INTEGER:
            integer(sqlite3_column_int64(statement, column))
        case SQLITE_TEXT:
            let text = sqlite3_column_text(statement, column)  // before the length, as SQLite asks
            quoted(UnsafeRawBufferPointer(start: text, count: Int(sqlite3_column_bytes(statement, column))))
        case SQLITE_BLOB:
            let start = sqlite3_column_blob(statement, column)
            let blob = UnsafeRawBufferPointer(start: start, count: Int(sqlite3_column_bytes(statement, column)))
            self.blob(blob)
        default:
            unsupported()  // a real: only the slow path states it (`String(Double)`)
        }
    }
}
