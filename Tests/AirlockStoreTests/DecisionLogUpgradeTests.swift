import Foundation
import Testing
import AirlockTestKit
import AirlockStore
import AirlockAppliance

/// A catalogue made before the decision log gets one built from its records on migration; the first
/// checkpoint after `keys init` signs it.
@Suite("Decision log on an upgraded store")
struct DecisionLogUpgradeTests {
    @Test("the 1cd198b state directory gets leaves for its existing records, which verify and are signed once a key exists")
    func backfilled() throws {
        let dir = try ScratchDirectory("audit")
        defer { dir.remove() }
        let state = try UpgradeTests.scratchCopy(dir)
        let store = try Store(stateDirectory: state, mode: .existing)
        let leaves = try store.catalogue.logLeaves()
        #expect(leaves.map(\.kind) == [.import, .verdict, .verdict, .approval])
        #expect(leaves.map(\.recordID) == ["fee1a90e778c", "1", "2", "2bca2391e4f5c06f"])
        let log = DecisionLogService(stateDirectory: state)
        #expect(try log.checkpoint() == nil)  // no appliance key yet: nothing signed
        var report = try log.verify()
        #expect(report.findings == [] && report.treeSize == 4 && report.signedSize == 0, "\(report.findings)")
        _ = try ApplianceKeys(stateDirectory: state).initialise(algorithm: .ed25519, applianceID: "urn:airlock:appliance:upgrade")
        #expect(try log.checkpoint() == 5)  // the key event is leaf 4; the checkpoint covers all five
        report = try log.verify()
        #expect(report.findings == [] && report.signedSize == 5 && report.checkpoints == 1, "\(report.findings)")
    }
}
