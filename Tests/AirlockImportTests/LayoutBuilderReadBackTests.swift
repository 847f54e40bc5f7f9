import Foundation
import Testing
import AirlockCrypto
import AirlockFormats
import AirlockImport

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
        let scratch = try Scratch()
        let outcome = try scratch.importer().importBundle(at: scratch.write(tar.archive, as: "built.tar"))
        #expect(outcome.images.map(\.digest) == [image.digest.description])
        #expect(outcome.images.first?.names == ["registry.test/app:1"])
        #expect(outcome.evidence.map(\.kind) == [.sigstoreBundle])
        #expect(outcome.evidence.first?.sha256 == bundle.digest.encoded)
        #expect(outcome.evidence.first?.subjectDigest == image.digest.description)
        #expect(outcome.warnings.isEmpty, "\(outcome.warnings)")
    }
}
