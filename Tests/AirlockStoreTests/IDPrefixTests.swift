import Foundation
import Testing
import AirlockStore
import AirlockTestKit

/// Id-prefix look-ups: hex only, never a wildcard, never silently ambiguous.
@Suite("Store id-prefix look-ups")
struct IDPrefixTests {
    /// One approval, one verdict and one bundle, each with a sibling sharing its first hex digit.
    static func populatedStore(_ dir: ScratchDirectory) throws -> Store {
        let store = try Store(stateDirectory: dir.root)
        for archive in [hexID("a1"), hexID("a2")] { _ = try store.catalogue.record(Sample.bundle(archive)) }
        try store.catalogue.record([Sample.verdict(hexID("b1")), Sample.verdict(hexID("b2")), Sample.verdict(hexID("b1"))])
        for id in [hexID("c1", length: 16), hexID("c2", length: 16)] { try store.catalogue.record(Sample.approval(id), images: []) }
        return store
    }

    static let notHex = ["%", "_", "C1", "c1%", "c_", "C", "xyz", "", "c1 ", "c1\n"]

    @Test("a prefix that is not lowercase hex is refused, naming the text", arguments: notHex)
    func invalid(text: String) throws {
        let dir = try ScratchDirectory("store")
        defer { dir.remove() }
        let catalogue = try Self.populatedStore(dir).catalogue
        let lookups: [(String, () throws -> Any?)] = [
            ("bundle", { try catalogue.bundle(matching: text) }),
            ("verdict", { try catalogue.verdict(matching: text) }),
            ("approval", { try catalogue.approval(matching: text) }),
        ]
        for (kind, lookup) in lookups {
            let error = #expect(throws: StoreError.self, "\(kind) \(text.debugDescription)") { _ = try lookup() }
            #expect(error?.code == .invalidID, "\(kind)")
            #expect(error?.reason.contains("lowercase hex") == true && error?.reason.contains(text.debugDescription) == true,
                    "\(kind): \(error?.reason ?? "")")
        }
    }

    @Test("a prefix matching two records is ambiguous and says how many")
    func ambiguous() throws {
        let dir = try ScratchDirectory("store")
        defer { dir.remove() }
        let catalogue = try Self.populatedStore(dir).catalogue
        let cases: [(String, String, () throws -> Any?)] = [
            ("a", "2 bundles", { try catalogue.bundle(matching: "a") }),
            ("b", "2 verdicts", { try catalogue.verdict(matching: "b") }),
            ("c", "2 approvals", { try catalogue.approval(matching: "c") }),
        ]
        for (prefix, count, lookup) in cases {
            let error = #expect(throws: StoreError.self, "\(prefix)") { _ = try lookup() }
            #expect(error?.code == .ambiguousID)
            #expect(error?.reason.contains("\"\(prefix)\" matches \(count)") == true, "\(error?.reason ?? "")")
        }
    }

    @Test("an unambiguous prefix finds its record; a missing one finds nothing")
    func found() throws {
        let dir = try ScratchDirectory("store")
        defer { dir.remove() }
        let catalogue = try Self.populatedStore(dir).catalogue
        #expect(try catalogue.bundle(matching: "a1")?.archiveSHA256 == hexID("a1"))
        #expect(try catalogue.bundle(matching: String(hexID("a2").prefix(12)))?.archiveSHA256 == hexID("a2"))
        #expect(try catalogue.verdict(matching: "b1")?.seq == 3, "the latest recording of a re-recorded id")
        #expect(try catalogue.verdict(matching: hexID("b2"))?.seq == 2)
        #expect(try catalogue.approval(matching: "c2")?.id == hexID("c2", length: 16))
        #expect(try catalogue.bundle(matching: "ff") == nil)
        #expect(try catalogue.verdict(matching: "0") == nil)
        #expect(try catalogue.approval(matching: "c3") == nil)
    }
}
