import Foundation
import Testing
import AirlockStore
import AirlockTestKit

/// A continuity change states what it was decided on (`TlogChange.premise`); the write re-reads the held
/// checkpoints of those origins in its own transaction and refuses with `conflict`, writing nothing, when
/// another command changed them meanwhile (two `import --policy` of one log at the same time).
@Suite("Log continuity: a change is written only on the premise it was decided on")
struct TlogPremiseTests {
    static func point(_ size: Int64, root: String, proven: Bool) -> TlogCheckpointRecord {
        TlogCheckpointRecord(origin: "log.test", size: size, rootHash: hexID(root), logID: hexID("01"), noteSHA256: hexID("02"),
                             proven: proven, recordedAt: Sample.instant)
    }

    static func first(_ size: Int64, root: String) -> TlogChange {
        let event = TlogEventRecord(origin: "log.test", action: "first", size: size, rootHash: hexID(root), noteSHA256: hexID("02"),
                                    at: Sample.instant, detail: "first checkpoint held for the log")
        return TlogChange(checkpoints: [point(size, root: root, proven: true)], events: [event], premise: ["log.test": []])
    }

    @Test("two runs that each saw nothing held: the second is refused with conflict and writes nothing")
    func staleFirstIsRefused() throws {
        let scratch = try ScratchDirectory("tlog-premise")
        defer { scratch.remove() }
        let store = try Store(stateDirectory: scratch.state)
        try store.catalogue.recordTlogChange(Self.first(9, root: "aa"))
        let leaves = try store.catalogue.logLeaves().count
        #expect {
            try store.catalogue.recordTlogChange(Self.first(9, root: "bb"))
        } throws: { error in
            guard let error = error as? StoreError else { return false }
            return error.code == .conflict && error.reason.contains("log.test") && error.reason.contains("run it again")
        }
        #expect(try store.catalogue.tlogCheckpoints() == [Self.point(9, root: "aa", proven: true)])
        #expect(try store.catalogue.tlogEvents(origin: "log.test").count == 1)
        #expect(try store.catalogue.logLeaves().count == leaves)
    }

    @Test("the verdicts recorded with a refused change are not recorded either")
    func verdictsRollBackWithTheChange() throws {
        let scratch = try ScratchDirectory("tlog-premise")
        defer { scratch.remove() }
        let store = try Store(stateDirectory: scratch.state)
        try store.catalogue.recordTlogChange(Self.first(9, root: "aa"))
        let refused = #expect(throws: StoreError.self) {
            try store.catalogue.record([Sample.verdict(hexID("cd"))], tlogChange: Self.first(12, root: "cc"))
        }
        #expect(refused?.code == .conflict && refused?.reason.contains("log.test") == true, "\(String(describing: refused))")
        #expect(try store.catalogue.verdicts().isEmpty)
    }

    @Test("a change decided on what is held now is written")
    func currentPremiseIsWritten() throws {
        let scratch = try ScratchDirectory("tlog-premise")
        defer { scratch.remove() }
        let store = try Store(stateDirectory: scratch.state)
        try store.catalogue.recordTlogChange(Self.first(9, root: "aa"))
        let held = TlogChange.heldKey(size: 9, rootHash: hexID("aa"), proven: true)
        let larger = TlogEventRecord(origin: "log.test", action: "unproven", size: 12, rootHash: hexID("cc"), noteSHA256: hexID("02"),
                                     at: Sample.instant, detail: "not connected")
        try store.catalogue.recordTlogChange(TlogChange(checkpoints: [Self.point(12, root: "cc", proven: false)], events: [larger],
                                                        premise: ["log.test": [held]]))
        #expect(try store.catalogue.tlogCheckpoints().map(\.size) == [9, 12])
    }
}
