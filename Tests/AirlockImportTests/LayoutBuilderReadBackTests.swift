import Foundation
import Testing
import AirlockTestKit
import AirlockCrypto
import AirlockFormats
import AirlockImport
import AirlockStore

/// The in-memory layout builder (AirlockFormats) and the import walker must agree: what the approval
/// exporter, the demo generator and the test kit build is what an import finds.
@Suite("OCIImageLayoutBuilder output read back by the import walker")
struct LayoutBuilderReadBackTests {
    @Test func imageAndReferrer() throws {
        var layout = OCIImageLayoutBuilder(sha256: { Digest.sha256($0) })
        let config = layout.addJSON(.object(JSONObject(["architecture": .string("amd64"), "os": .string("linux")])),
                                    mediaType: MediaType.imageConfig)
        let layer = layout.addBlob(Data("layer".utf8), mediaType: MediaType.imageLayerTar)
        let image = layout.addManifest(config: config, layers: [layer])
        layout.list(image, annotations: [OCIAnnotation.refName: "registry.test/app:1"])
        let bundle = layout.addBlob(Data(#"{"mediaType":"\#(MediaType.sigstoreBundleV03)"}"#.utf8), mediaType: MediaType.sigstoreBundleV03)
        var referrer = layout.addManifest(config: layout.addBlob(Data("{}".utf8), mediaType: MediaType.empty), layers: [bundle],
                                          artifactType: MediaType.sigstoreBundleV03, subject: image)
        referrer.artifactType = MediaType.sigstoreBundleV03
        layout.list(referrer)

        var tar = TarWriter()
        for (path, data) in layout.files.sorted(by: { $0.key < $1.key }) { tar.add(path, data: data) }
        let scratch = try ScratchDirectory("import")
        defer { scratch.remove() }
        let outcome = try scratch.importer().importBundle(at: scratch.write(tar.archive, as: "built.tar"))
        #expect(outcome.images.map(\.digest) == [image.digest.description])
        #expect(outcome.images.first?.names == ["registry.test/app:1"])
        #expect(outcome.evidence.map(\.kind) == [.sigstoreBundle])
        #expect(outcome.evidence.first?.sha256 == bundle.digest.encoded)
        #expect(outcome.evidence.first?.subjectDigest == image.digest.description)
        #expect(outcome.warnings.isEmpty, "\(outcome.warnings)")
    }

    @Test("skopeo reads the written layout and finds the manifest bytes under the tag",
          .enabled(if: Tool.skopeo.isAvailable, "skopeo is not installed (tools/bootstrap installs it)"))
    func skopeoReadsTheLayout() throws {
        var layout = OCIImageLayoutBuilder(sha256: { Digest.sha256($0) })
        let config = layout.addJSON(.object(JSONObject(["architecture": .string("amd64"), "os": .string("linux")])),
                                    mediaType: MediaType.imageConfig)
        let image = layout.addManifest(config: config, layers: [layout.addBlob(Data("layer".utf8), mediaType: MediaType.imageLayerTar)])
        layout.list(image, annotations: [OCIAnnotation.refName: "app:1"])
        let scratch = try ScratchDirectory("import")
        defer { scratch.remove() }
        let directory = try scratch.write(files: layout.files, under: "layout")
        let inspected = try Tool.skopeo.run(["inspect", "--raw", "oci:\(directory.path):app:1"])
        #expect(inspected.succeeded, "\(inspected.stderr)")
        #expect(inspected.stdoutData == layout.blobs["blobs/sha256/\(image.digest.encoded)"])
    }
}
