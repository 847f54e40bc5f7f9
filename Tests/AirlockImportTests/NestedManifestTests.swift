import Foundation
import Testing
import AirlockTestKit
import AirlockFormats
import AirlockImport
import AirlockStore

private func sha(_ text: String) -> String { LayoutBuilder.sha256(Data(text.utf8)) }

private func manifest(_ files: [(String, String)]) -> String {
    let list = files.map { "{\"path\":\"\($0.0)\",\"sha256\":\"\($0.1)\"}" }.joined(separator: ",")
    return "{\"name\":\"rel\",\"files\":[\(list)]}"
}

/// `airlock-bundle.json` in a subfolder governs the archive as one at the root does (decisions D18).
@Suite("airlock-bundle.json wherever it is")
struct NestedManifestTests {
    func run(_ body: (inout TarWriter) -> Void) throws -> Result<ImportOutcome, ImportError> {
        var tar = TarWriter()
        body(&tar)
        let scratch = try ScratchDirectory("import")
        let url = try scratch.write(tar.archive, as: "n.tar")
        let importer = try scratch.importer()
        do throws(ImportError) { return .success(try importer.importBundle(at: url)) } catch { return .failure(error) }
    }

    @Test func nestedManifestThatMatchesIsAccepted() throws {
        let outcome = try run {
            $0.add("release/ok.txt", "fine")
            $0.add("release/airlock-bundle.json", manifest([("ok.txt", sha("fine"))]))
        }.get()
        #expect(outcome.bundle.name == "rel")
        #expect(outcome.evidence.contains { $0.kind == .airlockManifest && $0.source == "release/airlock-bundle.json" })
    }

    @Test func nestedManifestDigestMismatchIsRefused() throws {
        let result = try run {
            $0.add("release/ok.txt", "tampered")
            $0.add("release/airlock-bundle.json", manifest([("ok.txt", sha("fine"))]))
        }
        guard case .failure(let error) = result else { Issue.record("accepted a tampered file"); return }
        #expect(error.code == .manifestMismatch)
        #expect(error.entry == "release/ok.txt")
        #expect(error.reason.contains("differs from"))
    }

    @Test func nestedManifestUnlistedFileIsRefused() throws {
        let result = try run {
            $0.add("release/ok.txt", "fine")
            $0.add("release/smuggled.txt", "x")
            $0.add("release/airlock-bundle.json", manifest([("ok.txt", sha("fine"))]))
        }
        guard case .failure(let error) = result else { Issue.record("accepted an unlisted file"); return }
        #expect(error.code == .manifestMismatch)
        #expect(error.entry == "release/smuggled.txt")
        #expect(error.reason == "not listed in release/airlock-bundle.json")
    }

    @Test func fileOutsideTheManifestFolderIsRefused() throws {
        let result = try run {
            $0.add("release/ok.txt", "fine")
            $0.add("release/airlock-bundle.json", manifest([("ok.txt", sha("fine"))]))
            $0.add("sidecar.txt", "x")
        }
        guard case .failure(let error) = result else { Issue.record("accepted a file the manifest does not cover"); return }
        #expect(error.code == .manifestMismatch)
        #expect(error.entry == "sidecar.txt")
        #expect(error.reason.contains("not covered"))
    }

    @Test func twoManifestsAreRefused() throws {
        let result = try run {
            $0.add("airlock-bundle.json", manifest([]))
            $0.add("inner/airlock-bundle.json", manifest([]))
        }
        guard case .failure(let error) = result else { Issue.record("accepted two manifests"); return }
        #expect(error.code == .manifestMismatch)
        #expect(error.reason.contains("2 copies of airlock-bundle.json"))
    }
}
