import Foundation
import Testing
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
        let scratch = try Scratch()
        let outcome = try scratch.importer().importBundle(at: scratch.write(tar.archive, as: "built.tar"))
        #expect(outcome.images.map(\.digest) == [image.digest.description])
        #expect(outcome.images.first?.names == ["registry.test/app:1"])
        #expect(outcome.evidence.map(\.kind) == [.sigstoreBundle])
        #expect(outcome.evidence.first?.sha256 == bundle.digest.encoded)
        #expect(outcome.evidence.first?.subjectDigest == image.digest.description)
        #expect(outcome.warnings.isEmpty, "\(outcome.warnings)")
    }

    /// `skopeo` on PATH (tools/bootstrap installs it), or nil.
    static let skopeo: String? = ["/usr/bin/skopeo", "/usr/local/bin/skopeo"].first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test("skopeo reads the written layout and finds the manifest bytes under the tag",
          .enabled(if: skopeo != nil, "skopeo is not installed (tools/bootstrap installs it)"))
    func skopeoReadsTheLayout() throws {
        var layout = OCIImageLayoutBuilder(sha256: { Digest.sha256($0) })
        let config = layout.addJSON(.object(JSONObject(["architecture": .string("amd64"), "os": .string("linux")])),
                                    mediaType: MediaType.imageConfig)
        let image = layout.addManifest(config: config, layers: [layout.addBlob(Data("layer".utf8), mediaType: MediaType.imageLayerTar)])
        layout.list(image, annotations: [OCIAnnotation.refName: "app:1"])
        let scratch = try Scratch()
        let directory = scratch.root.appendingPathComponent("layout")
        for (path, data) in layout.files {
            let url = directory.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Self.skopeo))
        process.arguments = ["inspect", "--raw", "oci:\(directory.path):app:1"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = Pipe()
        try process.run()
        let raw = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(raw == layout.blobs["blobs/sha256/\(image.digest.encoded)"])
    }
}
