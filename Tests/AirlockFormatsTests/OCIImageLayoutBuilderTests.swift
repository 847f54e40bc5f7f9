import Foundation
import Testing
import AirlockCrypto
import AirlockFormats

@Suite("OCI image-layout builder")
struct OCIImageLayoutBuilderTests {
    static func builder() -> OCIImageLayoutBuilder { OCIImageLayoutBuilder(sha256: { Digest.sha256($0) }) }

    @Test("blobs are content-addressed and descriptors carry digest and size")
    func blobs() throws {
        var layout = Self.builder()
        let data = Data("hello".utf8)
        let descriptor = layout.addBlob(data, mediaType: MediaType.imageLayerTar)
        #expect(descriptor.digest.description == "sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824")
        #expect(descriptor.size == 5)
        #expect(layout.blobs["blobs/sha256/\(descriptor.digest.encoded)"] == data)
        #expect(layout.files["oci-layout"] == OCIImageLayoutBuilder.layoutHeader)
        #expect(try OCILayoutHeader.parse(layout.files["oci-layout"]!).imageLayoutVersion == "1.0.0")
    }

    @Test("an image and its referrer read back through the OCI parsers")
    func imageAndReferrer() throws {
        var layout = Self.builder()
        let config = layout.addJSON(.object(JSONObject(["os": .string("linux")])), mediaType: MediaType.imageConfig)
        let layer = layout.addBlob(Data("layer".utf8), mediaType: MediaType.imageLayerTar)
        let image = layout.addManifest(config: config, layers: [layer], annotations: ["org.opencontainers.image.version": "1"])
        layout.list(image, annotations: [OCIAnnotation.refName: "r/app:1"])
        let empty = layout.addBlob(Data("{}".utf8), mediaType: MediaType.empty)
        let bundle = layout.addBlob(Data("{}".utf8), mediaType: MediaType.sigstoreBundleV03)
        var referrer = layout.addManifest(config: empty, layers: [bundle], artifactType: MediaType.sigstoreBundleV03, subject: image)
        referrer.artifactType = MediaType.sigstoreBundleV03
        layout.list(referrer)

        let files = layout.files
        let index = try OCIIndex.parse(try #require(files["index.json"]))
        #expect(index.manifests.map(\.digest) == [image.digest, referrer.digest])
        #expect(index.manifests[0].annotations?[OCIAnnotation.refName] == "r/app:1")
        #expect(index.manifests[1].artifactType == MediaType.sigstoreBundleV03)
        for entry in index.manifests {
            let bytes = try #require(files["blobs/sha256/\(entry.digest.encoded)"])
            #expect(Int64(bytes.count) == entry.size)
            #expect(try ContentDigest.sha256(bytes: Digest.sha256(bytes)) == entry.digest)
        }
        let parsedImage = try OCIManifest.parse(files["blobs/sha256/\(image.digest.encoded)"]!)
        #expect(parsedImage.config.digest == config.digest)
        #expect(parsedImage.layers.map(\.digest) == [layer.digest])
        let parsedReferrer = try OCIManifest.parse(files["blobs/sha256/\(referrer.digest.encoded)"]!)
        #expect(parsedReferrer.subject?.digest == image.digest)
        #expect(parsedReferrer.artifactType == MediaType.sigstoreBundleV03)
    }

    @Test("descriptor JSON keeps image-spec member order and sorted annotations")
    func descriptorOrder() throws {
        let digest = try ContentDigest.sha256(hex: String(repeating: "0", count: 64))
        let descriptor = OCIDescriptor(mediaType: "m", digest: digest, size: 1, annotations: ["b": "2", "a": "1"],
                                       platform: OCIPlatform(architecture: "amd64", os: "linux"), artifactType: "t")
        let text = String(decoding: CanonicalJSON.compact(OCIImageLayoutBuilder.json(descriptor)), as: UTF8.self)
        #expect(text == #"{"mediaType":"m","digest":"\#(digest)","size":1,"artifactType":"t","platform":{"architecture":"amd64","os":"linux"},"annotations":{"a":"1","b":"2"}}"#)
    }
}
