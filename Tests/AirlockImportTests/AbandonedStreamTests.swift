import Foundation
import Testing
import Synchronization
import AirlockFormats
import AirlockImport
import AirlockStore
import AirlockTestKit

/// `ArchiveImporter.importBundle(abandon:)`: asked before each entry, it stops the pass (`aborted`) at the next
/// entry with nothing stored, for an archive and for an unpacked tree (`import` stops reading once its write
/// guard has refused, instead of reading the rest of a large archive first).
@Suite("Import: a pass abandoned part way")
struct AbandonedStreamTests {
    /// Whether the state stores anything: bundles in the catalogue, files under blobs/sha256.
    static func stored(_ scratch: ScratchDirectory) throws -> (bundles: Int, blobs: Int) {
        let store = try Store(stateDirectory: scratch.state)
        let blobs = (try? FileManager.default.contentsOfDirectory(atPath: scratch.state.appendingPathComponent("blobs/sha256").path).count) ?? 0
        return (try store.catalogue.bundles().count, blobs)
    }

    @Test(arguments: [false, true])
    func stopsAtTheNextEntry(unpacked: Bool) throws {
        let scratch = try ScratchDirectory("abandon")
        defer { scratch.remove() }
        let files = ["a.txt": Data("one".utf8), "b.txt": Data("two".utf8), "c.txt": Data("three".utf8)]
        let source = unpacked ? try scratch.write(files: files, under: "tree") : try scratch.tar(try scratch.write(files: files, under: "tree"), as: "t.tar")
        let asked = Mutex(0)
        let error = #expect(throws: ImportError.self) {
            try scratch.importer().importBundle(at: source, abandon: { asked.withLock { $0 += 1; return $0 > 2 } })
        }
        #expect(error?.code == .aborted)
        #expect(error?.reason.contains("stopped while") == true, "\(String(describing: error))")
        #expect(asked.withLock { $0 } == 3, "asked before each entry, stopped at the third")
        let after = try Self.stored(scratch)
        #expect(after.bundles == 0 && after.blobs == 0, "\(after)")
        let outcome = try scratch.importer().importBundle(at: source)
        #expect(outcome.alreadyImported == false && !outcome.bundle.id.isEmpty, "never abandoned: imported")
    }
}
