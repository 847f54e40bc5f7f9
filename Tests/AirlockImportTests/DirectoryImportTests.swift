import Foundation
import Testing
import AirlockImport
import AirlockStore
import AirlockTestKit
import AirlockFormats

/// `airlock import --dir`: an unpacked tree imports like its archive; its digest is deterministic;
/// symbolic links are refused with the reason.
@Suite("Importing an unpacked directory")
struct DirectoryImportTests {
    static let layout = "slsa/slsa-verifier/testdata/gha_generic_container/v1.4.0/container_workflow_dispatch"

    @Test("a corpus layout imports from its directory as from its archive", .enabled(if: Corpus.isAvailable, "corpus absent"))
    func layoutFromDirectory() throws {
        let scratch = try ScratchDirectory("import-dir")
        defer { scratch.remove() }
        let fromTree = try scratch.importer().importBundle(at: Corpus.url(Self.layout))
        #expect(fromTree.images.map(\.digest) == ["sha256:a74d89d8dd863ca5dae4a29e0feede81ddf59197849a80784af5a02ab7786925"])
        #expect(fromTree.evidence.map(\.kind) == [.cosignAttestation])
        let again = try scratch.importer().importBundle(at: Corpus.url(Self.layout))
        #expect(again.alreadyImported, "the same tree must give the same digest")
        #expect(again.bundle.archiveSHA256 == fromTree.bundle.archiveSHA256)
    }

    @Test("a symbolic link in the tree is refused naming it")
    func symlinkRefused() throws {
        let scratch = try ScratchDirectory("import-dir")
        defer { scratch.remove() }
        let tree = scratch.url("tree")
        try FileManager.default.createDirectory(at: tree, withIntermediateDirectories: true)
        try Data("{}".utf8).write(to: tree.appendingPathComponent("a.json"))
        try FileManager.default.createSymbolicLink(atPath: tree.appendingPathComponent("link").path, withDestinationPath: "/etc/passwd")
        #expect {
            try scratch.importer().importBundle(at: tree)
        } throws: { error in
            let e = error as? ImportError
            return e?.code == .linkEntry && e?.entry == "link" && "\(e!)".contains("symbolic links are not accepted")
        }
    }

    @Test("an empty directory is refused")
    func emptyRefused() throws {
        let scratch = try ScratchDirectory("import-dir")
        defer { scratch.remove() }
        let tree = scratch.url("empty")
        try FileManager.default.createDirectory(at: tree, withIntermediateDirectories: true)
        #expect {
            try scratch.importer().importBundle(at: tree)
        } throws: { error in
            (error as? ImportError)?.code == .emptyBundle && "\(error)".contains("the directory holds no regular file")
        }
    }
}
