import Foundation
import Testing
import AirlockFormats
import AirlockAppliance
import AirlockStore

@Suite("OCI value types")
struct OCIFormatTests {
    @Test(arguments: [
        "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a",
        "sha512:" + String(repeating: "ab", count: 64),
        "blake3:abcDEF012=",
        "multihash+base58:QmRZxt2b1FVZPNqd8hsiykDL3TdBDeTSPX9Kv46HmX4Gx8",
    ])
    func validDigests(_ text: String) throws {
        #expect(try ContentDigest(parsing: text).description == text)
    }

    @Test(arguments: [
        ("sha256:44136FA355B3678A1146AD16F7E8649E94FB4FC21FE77E8310C060F61CAAFF8A", "64 lowercase hex"),
        ("sha256:abc", "64 lowercase hex"),
        ("sha512:" + String(repeating: "ab", count: 32), "128 lowercase hex"),
        ("sha256", "no ':'"),
        ("SHA256:abc", "breaks the OCI grammar"),
        ("sha256+:abc", "breaks the OCI grammar"),
        (":abc", "breaks the OCI grammar"),
        ("sha256:", "breaks the OCI grammar"),
        ("foo:a/b", "breaks the OCI grammar"),
    ])
    func invalidDigests(_ text: String, _ reason: String) {
        let error = #expect(throws: FormatError.self) { try ContentDigest(parsing: text) }
        #expect(error?.code == .invalidField)
        #expect(error?.reason.contains(reason) == true, "\(error?.reason ?? "")")
    }

    @Test func descriptorChecksSizeAndData() throws {
        let good = #"{"mediaType":"application/vnd.oci.empty.v1+json","digest":"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a","size":2,"data":"e30="}"#
        let descriptor = try OCIJSON.decode(OCIDescriptor.self, from: Data(good.utf8))
        #expect(descriptor.data == Data("{}".utf8))
        #expect(descriptor.size == 2)

        let negative = good.replacingOccurrences(of: "\"size\":2", with: "\"size\":-1")
        let sizeError = #expect(throws: FormatError.self) { try OCIJSON.decode(OCIDescriptor.self, from: Data(negative.utf8)) }
        #expect(sizeError?.field == "size")

        let badData = good.replacingOccurrences(of: "e30=", with: "!!")
        #expect((#expect(throws: FormatError.self) { try OCIJSON.decode(OCIDescriptor.self, from: Data(badData.utf8)) })?.code == .badBase64)

        let missing = #"{"mediaType":"x","size":2}"#
        let missingError = #expect(throws: FormatError.self) { try OCIJSON.decode(OCIDescriptor.self, from: Data(missing.utf8)) }
        #expect(missingError?.code == .missingField)
        #expect(missingError?.field == "digest")
    }

    @Test func manifestFieldPathsAndVersions() throws {
        let config = #"{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a","size":2}"#
        let manifest = #"{"schemaVersion":2,"config":\#(config),"layers":[{"mediaType":"x","digest":"sha256:BAD","size":1}]}"#
        let error = #expect(throws: FormatError.self) { try OCIManifest.parse(Data(manifest.utf8)) }
        #expect(error?.field == "layers[0].digest")

        let v3 = #"{"schemaVersion":3,"config":\#(config),"layers":[]}"#
        #expect((#expect(throws: FormatError.self) { try OCIManifest.parse(Data(v3.utf8)) })?.code == .unsupportedVersion)

        let wrongType = #"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","config":\#(config)}"#
        #expect((#expect(throws: FormatError.self) { try OCIManifest.parse(Data(wrongType.utf8)) })?.field == "mediaType")

        var limits = Limits()
        limits.maxMetadataBytes = 10
        #expect((#expect(throws: FormatError.self) { try OCIIndex.parse(Data(manifest.utf8), limits: limits) })?.code == .limitExceeded)
    }

    @Test func layoutHeaderVersion() throws {
        #expect(try OCILayoutHeader.parse(Data(#"{"imageLayoutVersion":"1.0.0"}"#.utf8)).imageLayoutVersion == "1.0.0")
        let error = #expect(throws: FormatError.self) { try OCILayoutHeader.parse(Data(#"{"imageLayoutVersion":"1.1.0"}"#.utf8)) }
        #expect(error?.code == .unsupportedVersion)
    }

    @Test func cosignSimpleSigning() throws {
        let payload = #"{"critical":{"identity":{"docker-reference":"ghcr.io/x/y"},"image":{"docker-manifest-digest":"sha256:57a654ace69ec02ba8973093b6a786faa15640575fbf0dbb603db55aca2ccec8"},"type":"cosign container image signature"},"optional":{"ref":"v1","n":3}}"#
        let parsed = try CosignSimpleSigning.parse(Data(payload.utf8))
        #expect(parsed.imageDigest.sha256Hex == "57a654ace69ec02ba8973093b6a786faa15640575fbf0dbb603db55aca2ccec8")
        #expect(parsed.critical.identity.dockerReference == "ghcr.io/x/y")
        #expect(parsed.optional == ["ref": "v1"])
        let wrong = payload.replacingOccurrences(of: "cosign container image signature", with: "something else")
        let error = #expect(throws: FormatError.self) { try CosignSimpleSigning.parse(Data(wrong.utf8)) }
        #expect(error?.field == "critical.type")
    }

    @Test func sha256AdapterKnownAnswers() {
        #expect(ContentHashing.sha256Hex(of: Data("abc".utf8), using: SHA256ContentHasher.factory)
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(ContentHashing.sha256Hex(of: Data(), using: SHA256ContentHasher.factory)
                == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }
}
