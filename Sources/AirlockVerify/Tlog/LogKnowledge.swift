public import Foundation
import AirlockCrypto
import AirlockFormats

/// The checkpoints held for one log origin, indexed for `LogContinuity.judge`: the largest size and the
/// first held checkpoint of each size (what a scan of the list in order would find), so judging a
/// checkpoint costs O(1) however many are held (a `verify --all` judges thousands against thousands).
public struct HeldCheckpoints: Sendable {
    /// The largest held size; nil when nothing is held.
    public private(set) var largest: UInt64?
    private var bySize: [UInt64: KnownCheckpoint] = [:]

    /// The index of `held` (checkpoints of one origin), in their order.
    public init(_ held: some Sequence<KnownCheckpoint>) {
        for point in held { add(point) }
    }

    /// Adds one held checkpoint after those already indexed.
    public mutating func add(_ point: KnownCheckpoint) {
        largest = Swift.max(largest ?? point.size, point.size)
        if bySize[point.size] == nil { bySize[point.size] = point }
    }

    /// True when nothing is held.
    public var isEmpty: Bool { largest == nil }

    /// The first held checkpoint of `size`, if any.
    public func at(size: UInt64) -> KnownCheckpoint? { bySize[size] }
}

/// A checkpoint the appliance already holds for a log (table `tlog_checkpoints`).
public struct KnownCheckpoint: Sendable, Hashable {
    /// The checkpoint origin.
    public var origin: String
    /// Its tree size.
    public var size: UInt64
    /// Its 32-byte root hash.
    public var rootHash: Data
    /// True when it is the first one seen or connected to a proven one by a verified consistency proof.
    public var proven: Bool

    /// Makes one.
    public init(origin: String, size: UInt64, rootHash: Data, proven: Bool) {
        self.origin = origin
        self.size = size
        self.rootHash = rootHash
        self.proven = proven
    }
}

/// What the appliance knows about transparency logs when it decides an image: the checkpoints it holds,
/// the logs it caught presenting a split view, and the pinned witness keys per log origin.
///
/// Serialised as RFC 8785 JSON (all values strings) and stored as a blob; the continuity and witness checks
/// of a verdict cite its digest, so replay decides from exactly the same knowledge (docs/decisions.md D23).
public struct LogKnowledge: Sendable, Equatable {
    /// Held checkpoints.
    public var checkpoints: [KnownCheckpoint] { didSet { cache = ReferenceCache() } }
    /// Origins with a recorded split view.
    public var splitViews: Set<String> { didSet { cache = ReferenceCache() } }
    /// Pinned witness keys by log origin.
    public var witnesses: [String: [WitnessKey]] { didSet { cache = ReferenceCache() } }
    /// The digest of `document()`, computed on first use after a change and shared by copies: every check
    /// of every image of a run cites it, so it is computed once per change of the knowledge, not per check.
    private var cache = ReferenceCache()

    /// The held checkpoints of `origin`, indexed; built once per change of the knowledge for all origins
    /// and shared by copies (every image of a run asks).
    public func held(origin: String) -> HeldCheckpoints {
        cache.held { Dictionary(grouping: checkpoints, by: \.origin).mapValues { HeldCheckpoints($0) } }[origin] ?? HeldCheckpoints([])
    }

    /// Makes one.
    public init(checkpoints: [KnownCheckpoint] = [], splitViews: Set<String> = [], witnesses: [String: [WitnessKey]] = [:]) {
        self.checkpoints = checkpoints
        self.splitViews = splitViews
        self.witnesses = witnesses
    }

    /// Equal when the knowledge is (the cache follows from it).
    public static func == (lhs: LogKnowledge, rhs: LogKnowledge) -> Bool {
        lhs.checkpoints == rhs.checkpoints && lhs.splitViews == rhs.splitViews && lhs.witnesses == rhs.witnesses
    }

    /// `sha256:<hex>` of `document()`.
    public var reference: String {
        cache.value { ContentDigest.sha256Reference(Hex.encode(Digest.sha256(document()))) }
    }

    /// Nothing known: no continuity check is made and no witness is pinned.
    public static let empty = LogKnowledge()

    /// True when nothing is known.
    public var isEmpty: Bool { checkpoints.isEmpty && splitViews.isEmpty && witnesses.isEmpty }

    /// The canonical document (its SHA-256 is what checks cite).
    public func document() -> Data {
        let points = checkpoints.sorted { ($0.origin, $0.size) < ($1.origin, $1.size) }.map { point -> JSONValue in
            var o = JSONObject()
            o["origin"] = .string(point.origin)
            o["size"] = .string(String(point.size))
            o["rootHash"] = .string(Base64.encode(point.rootHash))
            o["proven"] = .string(point.proven ? "true" : "false")
            return .object(o)
        }
        let keys = witnesses.keys.sorted().flatMap { origin in
            (witnesses[origin] ?? []).sorted { $0.name < $1.name }.map { key -> JSONValue in
                var o = JSONObject()
                o["origin"] = .string(origin)
                o["key"] = .string(key.verifierKey)
                return .object(o)
            }
        }
        var top = JSONObject()
        top["type"] = .string("https://airlock.dev/log-knowledge/v1")
        top["checkpoints"] = .array(points)
        top["splitViews"] = .array(splitViews.sorted().map(JSONValue.string))
        top["witnesses"] = .array(keys)
        return (try? CanonicalJSON.rfc8785(.object(top))) ?? Data()
    }


    /// Reads a document back (replay).
    public static func parse(_ data: Data) throws -> LogKnowledge {
        guard let top = try JSONValue.parse(data).objectValue, top["type"]?.stringValue == "https://airlock.dev/log-knowledge/v1" else {
            throw FormatError(.invalidField, "not a log-knowledge document", field: "type")
        }
        var knowledge = LogKnowledge()
        for item in top["checkpoints"]?.arrayValue ?? [] {
            guard let o = item.objectValue, let origin = o["origin"]?.stringValue, let size = o["size"]?.stringValue.flatMap({ UInt64($0) }),
                  let root = o["rootHash"]?.stringValue.flatMap(Base64.decode), let proven = o["proven"]?.stringValue else {
                throw FormatError(.invalidField, "bad checkpoint in log-knowledge document", field: "checkpoints")
            }
            knowledge.checkpoints.append(KnownCheckpoint(origin: origin, size: size, rootHash: root, proven: proven == "true"))
        }
        knowledge.splitViews = Set((top["splitViews"]?.arrayValue ?? []).compactMap(\.stringValue))
        for item in top["witnesses"]?.arrayValue ?? [] {
            guard let o = item.objectValue, let origin = o["origin"]?.stringValue, let text = o["key"]?.stringValue else {
                throw FormatError(.invalidField, "bad witness in log-knowledge document", field: "witnesses")
            }
            knowledge.witnesses[origin, default: []].append(try WitnessKey(verifierKey: text))
        }
        return knowledge
    }
}

/// Once-computed values shared by copies of one unchanged `LogKnowledge` (read from several verify
/// workers at once, hence the lock): the document's reference and the per-origin index of held
/// checkpoints. `@unchecked Sendable`: `stored` and `index` are only touched under `lock`.
private final class ReferenceCache: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: String?
    private var index: [String: HeldCheckpoints]?

    func held(_ compute: () -> [String: HeldCheckpoints]) -> [String: HeldCheckpoints] {
        lock.lock()
        defer { lock.unlock() }
        if let index { return index }
        let value = compute()
        index = value
        return value
    }

    func value(_ compute: () -> String) -> String {
        lock.lock()
        defer { lock.unlock() }
        if let stored { return stored }
        let value = compute()
        stored = value
        return value
    }
}
