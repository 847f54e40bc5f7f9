import Foundation
import Testing
import AirlockStore
import AirlockAppliance
import AirlockTestKit

/// GRDB binds text up to its first NUL, so untrusted text holding one (a name, a media type, a predicate
/// type) would be stored cut short and read back as something else. Every record written through
/// `StoredRow` refuses it instead, naming the table and column, and nothing of the write is kept.
@Suite("Catalogue text: a NUL byte is refused, never stored cut short")
struct NulTextTests {
    @Test("a bundle record whose name holds a NUL is refused with nul-in-text naming bundles.name; nothing is recorded")
    func refusedAndNothingWritten() throws {
        let scratch = try ScratchDirectory("nul")
        defer { scratch.remove() }
        let store = try Store(stateDirectory: scratch.state)
        var batch = Sample.bundle(hexID("ab"))
        batch.bundle.name = "release\u{0}evil"
        #expect {
            _ = try store.catalogue.record(batch)
        } throws: { error in
            guard let error = error as? StoreError else { return false }
            return error.code == .nulInText && error.reason.contains("bundles.name") && error.reason.contains("NUL")
        }
        #expect(try store.catalogue.bundles().isEmpty)
        batch.bundle.name = "release"
        _ = try store.catalogue.record(batch)
        #expect(try store.catalogue.bundles().map(\.name) == ["release"])
    }

    @Test("nul-in-text is the input's fault: bad input, exit 2")
    func badInput() {
        let error = ApplianceError(StoreError(.nulInText, "evidence.predicate_type: the text holds a NUL byte"))
        #expect(error.kind == .badInput)
        #expect(error.code == "nul-in-text")
    }
}
