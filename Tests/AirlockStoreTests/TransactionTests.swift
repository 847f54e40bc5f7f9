import Foundation
import Testing
import AirlockStore
import AirlockTestKit

/// Multi-row changes are all-or-nothing.
@Suite("Store transactions")
struct TransactionTests {
    @Test("an approval whose image rows fail to insert leaves no approval behind")
    func approvalAtomic() throws {
        let dir = try ScratchDirectory("store")
        defer { dir.remove() }
        let catalogue = try Store(stateDirectory: dir.root).catalogue
        let id = hexID("e1", length: 16)
        let image = ApprovalImageRecord(approvalID: id, position: 0, digest: "sha256:" + hexID("dd"), name: "x", verdictID: hexID("b1"))
        let error = #expect(throws: StoreError.self) { try catalogue.record(Sample.approval(id), images: [image, image]) }
        #expect(error?.code == .database && error?.reason.contains("UNIQUE") == true, "\(error?.reason ?? "")")
        #expect(try catalogue.approvals().isEmpty)
    }

    @Test("a verdict batch with one bad verdict records none of them")
    func verdictsAtomic() throws {
        let dir = try ScratchDirectory("store")
        defer { dir.remove() }
        let catalogue = try Store(stateDirectory: dir.root).catalogue
        var orphan = Sample.verdict(hexID("b2"))
        orphan.blobs = []
        orphan.verdict.policySHA256 = hexID("ee")
        let error = #expect(throws: StoreError.self) { try catalogue.record([Sample.verdict(hexID("b1")), orphan]) }
        #expect(error?.code == .database && error?.reason.contains("FOREIGN KEY") == true, "\(error?.reason ?? "")")
        #expect(try catalogue.verdicts().isEmpty)
    }
}
