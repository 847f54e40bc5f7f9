import Foundation
import Testing
import AirlockFormats
import AirlockVerify

/// `HeldCheckpoints`, the O(1) index `LogContinuity.judge` uses, judges exactly as a scan of the held list
/// in order does (the rule of D23): the first held checkpoint of the candidate's size decides known or split
/// view, otherwise the largest held size decides larger or older.
@Suite("Held checkpoints: the indexed judge equals the scan")
struct HeldCheckpointsTests {
    /// The judgement by a linear scan, as `judge` was written before the index.
    static func scanned(_ candidate: Checkpoint, held: [KnownCheckpoint]) -> LogContinuity.Judgement {
        guard let largest = held.map(\.size).max() else { return .first }
        if let same = held.first(where: { $0.size == candidate.size }) {
            if same.rootHash == candidate.rootHash { return .known }
            return .splitView(reason: "", conflicting: same.size)
        }
        return candidate.size > largest ? .larger(than: largest) : .older(than: largest)
    }

    /// Split-view reasons name roots; compare the kind and the conflicting size.
    static func shape(_ judgement: LogContinuity.Judgement) -> String {
        switch judgement {
        case .first: return "first"
        case .known: return "known"
        case .larger(let size): return "larger \(size)"
        case .older(let size): return "older \(size)"
        case .splitView(_, let size): return "split \(size.map(String.init) ?? "-")"
        }
    }

    static func root(_ byte: UInt8) -> Data { Data(repeating: byte, count: 32) }

    static func checkpoint(size: UInt64, root: UInt8) -> Checkpoint {
        Checkpoint(origin: "log.test/origin", size: size, rootHash: Self.root(root), extensions: [])
    }

    @Test("random held lists, duplicates of a size with other roots included: index and scan agree")
    func agreesWithScan() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            let held = (0..<Int.random(in: 0...12, using: &generator)).map { _ in
                KnownCheckpoint(origin: "log.test/origin", size: UInt64.random(in: 1...20, using: &generator),
                                rootHash: Self.root(UInt8.random(in: 0...2, using: &generator)), proven: Bool.random(using: &generator))
            }
            let candidate = Self.checkpoint(size: UInt64.random(in: 1...22, using: &generator), root: UInt8.random(in: 0...2, using: &generator))
            let expected = Self.shape(Self.scanned(candidate, held: held))
            #expect(Self.shape(LogContinuity.judge(candidate, held: held, splitViewRecorded: false)) == expected)
            var index = HeldCheckpoints([])
            for point in held { index.add(point) }
            #expect(Self.shape(LogContinuity.judge(candidate, held: index, splitViewRecorded: false)) == expected)
        }
    }

    @Test("the first held checkpoint of a size decides: a later one of the same size with the candidate's root does not make it known")
    func firstOfSizeDecides() throws {
        let held = [KnownCheckpoint(origin: "log.test/origin", size: 5, rootHash: Self.root(1), proven: true),
                    KnownCheckpoint(origin: "log.test/origin", size: 5, rootHash: Self.root(2), proven: false)]
        let judgement = LogContinuity.judge(Self.checkpoint(size: 5, root: 2), held: HeldCheckpoints(held), splitViewRecorded: false)
        #expect(Self.shape(judgement) == "split 5")
        guard case .splitView(let reason, _) = judgement else { return }
        #expect(reason.contains("at size 5 has root"), "\(reason)")
    }

    @Test("knowledge indexes each origin apart, and a changed knowledge is re-indexed")
    func knowledgePerOrigin() throws {
        var knowledge = LogKnowledge(checkpoints: [KnownCheckpoint(origin: "a", size: 3, rootHash: Self.root(1), proven: true),
                                                   KnownCheckpoint(origin: "b", size: 9, rootHash: Self.root(1), proven: true)])
        #expect(knowledge.held(origin: "a").largest == 3)
        #expect(knowledge.held(origin: "b").largest == 9)
        #expect(knowledge.held(origin: "c").isEmpty)
        knowledge.checkpoints.append(KnownCheckpoint(origin: "a", size: 7, rootHash: Self.root(2), proven: false))
        #expect(knowledge.held(origin: "a").largest == 7)
        #expect(knowledge.held(origin: "a").at(size: 7)?.rootHash == Self.root(2))
    }
}
