import Foundation
import Testing
import AirlockTestKit

/// `airlock import --dir PATH`: an unpacked tree imports without taring; a bundle and --dir together is refused.
@Suite("airlock import --dir")
struct ImportDirCLITests {
    static let layout = "slsa/slsa-verifier/testdata/gha_generic_container/v1.4.0/container_workflow_dispatch"

    @Test("a corpus layout directory imports its image", .enabled(if: Corpus.isAvailable, "corpus absent"))
    func importsTree() throws {
        let scratch = try ScratchDirectory("import-dir-cli")
        defer { scratch.remove() }
        let result = try CLI.run(["import", "--dir", Corpus.url(Self.layout).path], state: scratch.url("state"))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("a74d89d8dd863ca5dae4a29e0feede81ddf59197849a80784af5a02ab7786925"), "\(result.stdout)")
    }

    @Test("an archive and --dir together are refused")
    func both() throws {
        let scratch = try ScratchDirectory("import-dir-cli")
        defer { scratch.remove() }
        let result = try CLI.run(["import", "--dir", scratch.url(".").path, "x.tar"], state: scratch.url("state"))
        #expect(result.status != 0)
        #expect(result.stderr.contains("give either a bundle archive or --dir, not both and not neither"), "\(result.stderr)")
    }
}
