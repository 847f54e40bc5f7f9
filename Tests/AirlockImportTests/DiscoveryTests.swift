import Foundation
import Testing
import AirlockTestKit
import AirlockFormats
import AirlockImport
import AirlockStore

private func envelope(subject hex: String) -> Data {
    let statement = #"{"_type":"https://in-toto.io/Statement/v1","subject":[{"name":"img","digest":{"sha256":"\#(hex)"}}],"predicateType":"https://slsa.dev/provenance/v1","predicate":{}}"#
    let payload = Data(statement.utf8).base64EncodedString()
    return Data(#"{"payloadType":"application/vnd.in-toto+json","payload":"\#(payload)","signatures":[{"sig":"AA=="}]}"#.utf8)
}

private func hex(_ descriptor: [String: Any]) -> String { String((descriptor["digest"] as! String).dropFirst(7)) }

@Suite("Evidence discovery and image completeness on built layouts")
struct DiscoveryTests {
    @Test func referrerCarryingSigstoreBundle() throws {
        var layout = LayoutBuilder()
        let image = layout.image()
        layout.list(image, tag: "v1")
        let bundle = layout.blob(Data(#"{"mediaType":"application/vnd.dev.sigstore.bundle.v0.3+json"}"#.utf8),
                                 mediaType: "application/vnd.dev.sigstore.bundle.v0.3+json")
        let referrer = layout.image(subject: image, layers: [bundle], artifactType: "application/vnd.dev.sigstore.bundle.v0.3+json")
        var annotated = referrer
        annotated["artifactType"] = "application/vnd.dev.sigstore.bundle.v0.3+json"
        layout.list(annotated)
        let scratch = try ScratchDirectory("import")
        defer { scratch.remove() }
        let outcome = try scratch.importer().importBundle(at: scratch.write(layout.finish(), as: "r.tar"))
        #expect(outcome.images.map(\.digest) == [image["digest"] as! String])
        let evidence = try #require(outcome.evidence.first)
        #expect(outcome.evidence.count == 1)
        #expect(evidence.kind == .sigstoreBundle)
        #expect(evidence.sha256 == hex(bundle))
        #expect(evidence.subjectDigest == image["digest"] as? String)
    }

    @Test func cosignTagStyleSignatureAndAttestation() throws {
        var layout = LayoutBuilder()
        let image = layout.image()
        layout.list(image, tag: "latest")
        let digest = image["digest"] as! String
        let payload = #"{"critical":{"identity":{"docker-reference":"r/x"},"image":{"docker-manifest-digest":"\#(digest)"},"type":"cosign container image signature"},"optional":null}"#
        let sigLayer = layout.blob(Data(payload.utf8), mediaType: MediaType.cosignSimpleSigning,
                                   annotations: ["dev.cosignproject.cosign/signature": "MEUC"])
        layout.list(layout.image(layers: [sigLayer]), tag: "sha256-\(hex(image)).sig")
        let attLayer = layout.blob(envelope(subject: hex(image)), mediaType: MediaType.dsseEnvelope,
                                   annotations: ["predicateType": "https://slsa.dev/provenance/v1"])
        layout.list(layout.image(layers: [attLayer]), tag: "sha256-\(hex(image)).att")
        let scratch = try ScratchDirectory("import")
        defer { scratch.remove() }
        let outcome = try scratch.importer().importBundle(at: scratch.write(layout.finish(), as: "c.tar"))
        #expect(outcome.images.map(\.digest) == [digest], "signature manifests are not images")
        #expect(outcome.evidence.map(\.kind) == [.cosignSignature, .cosignAttestation])
        #expect(outcome.evidence.allSatisfy { $0.subjectDigest == digest })
        #expect(outcome.evidence[0].annotations["dev.cosignproject.cosign/signature"] == "MEUC")
        #expect(outcome.evidence[1].predicateType == "https://slsa.dev/provenance/v1")
        #expect(outcome.warnings.isEmpty, "\(outcome.warnings)")
    }

    @Test func looseEvidenceAndBundleManifest() throws {
        var layout = LayoutBuilder()
        layout.root = "images"
        let image = layout.image()
        layout.list(image, tag: "v1")
        layout.tar.add("evidence/app.sigstore.json", data: Data(#"{"dsseEnvelope":"#.utf8) + envelope(subject: hex(image)) + Data("}".utf8))
        layout.tar.add("evidence/other.intoto.jsonl", "{}\n")
        layout.tar.add("intoto/root.layout", "{}")
        layout.tar.add("intoto/build.abcd1234.link", "{}")
        layout.tar.add("trust/trusted_root.json", "{}")
        var archive = layout.finish()
        // Re-read the archive's regular files to write a manifest listing them all.
        var files: [(String, String)] = []
        let names = ["evidence/app.sigstore.json", "evidence/other.intoto.jsonl", "intoto/root.layout", "intoto/build.abcd1234.link",
                     "trust/trusted_root.json"]
        let scratch = try ScratchDirectory("import")
        defer { scratch.remove() }
        let probe = try scratch.importer().importBundle(at: scratch.write(archive, as: "probe.tar"))
        let catalogue = try Store(stateDirectory: scratch.state).catalogue
        for file in try catalogue.files(bundleID: probe.bundle.id) { files.append((file.path, file.sha256)) }
        #expect(Set(files.map(\.0)).isSuperset(of: names))
        let list = files.map { #"{"path":"\#($0.0)","sha256":"\#($0.1)"}"# }.joined(separator: ",")
        layout.tar.add("airlock-bundle.json", #"{"name":"release-7","files":[\#(list)]}"#)
        archive = layout.tar.archive

        let other = try ScratchDirectory("import")
        defer { other.remove() }
        let outcome = try other.importer().importBundle(at: other.write(archive, as: "m.tar"))
        #expect(outcome.bundle.name == "release-7")
        let kinds = Dictionary(uniqueKeysWithValues: outcome.evidence.map { ($0.source, $0) })
        #expect(kinds["evidence/app.sigstore.json"]?.kind == .sigstoreBundle)
        #expect(kinds["evidence/app.sigstore.json"]?.subjectDigest == image["digest"] as? String)
        #expect(kinds["evidence/other.intoto.jsonl"]?.kind == .dsse)
        #expect(kinds["intoto/root.layout"]?.kind == .intotoLayout)
        #expect(kinds["intoto/build.abcd1234.link"]?.kind == .intotoLink)
        #expect(kinds["trust/trusted_root.json"]?.kind == .trustedRoot)
        #expect(kinds["airlock-bundle.json"]?.kind == .airlockManifest)
        #expect(outcome.evidence.count == 6)
        #expect(outcome.images.first?.layoutPath == "images")
    }

    @Test func missingBlobsMakeImagesIncomplete() throws {
        var layout = LayoutBuilder()
        let present = layout.image(layer: "here")
        // A manifest whose layer blob is not in the bundle.
        let config = layout.json(["os": "linux"], mediaType: "application/vnd.oci.image.config.v1+json")
        let ghost = "sha256:" + String(repeating: "0", count: 64)
        let partial = layout.json(["schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": config,
                                   "layers": [["mediaType": "application/vnd.oci.image.layer.v1.tar", "digest": ghost, "size": 10]]],
                                  mediaType: "application/vnd.oci.image.manifest.v1+json")
        var absentChild = present
        absentChild["digest"] = "sha256:" + String(repeating: "1", count: 64)
        let index = layout.json(["schemaVersion": 2, "manifests": [present, partial, absentChild]], mediaType: "application/vnd.oci.image.index.v1+json")
        layout.list(index, tag: "multi")
        let scratch = try ScratchDirectory("import")
        defer { scratch.remove() }
        let outcome = try scratch.importer().importBundle(at: scratch.write(layout.finish(), as: "p.tar"))
        let top = try #require(outcome.images.first { $0.names == ["multi"] })
        #expect(Set(top.missingBlobs) == [ghost, absentChild["digest"] as! String])
        #expect(outcome.images.first { $0.digest == partial["digest"] as! String }?.missingBlobs == [ghost])
        #expect(outcome.images.first { $0.digest == present["digest"] as! String }?.isComplete == true)
    }

    @Test func indexNestingIsBounded() throws {
        var layout = LayoutBuilder()
        var descriptor = layout.image()
        for _ in 0..<4 {
            descriptor = layout.json(["schemaVersion": 2, "manifests": [descriptor]], mediaType: "application/vnd.oci.image.index.v1+json")
        }
        layout.list(descriptor, tag: "deep")
        var limits = Limits()
        limits.maxIndexDepth = 2
        let scratch = try ScratchDirectory("import")
        defer { scratch.remove() }
        let url = try scratch.write(layout.finish(), as: "deep.tar")
        let error = #expect(throws: ImportError.self) { try scratch.importer(limits: limits).importBundle(at: url) }
        #expect(error?.code == .limitExceeded)
        #expect(error?.reason.contains("nested deeper than 2") == true)
        #expect(try scratch.importer().importBundle(at: url).images.count == 5)
    }

    @Test func namesAreNormalisedAndIdenticalDuplicatesAccepted() throws {
        var writer = TarWriter()
        writer.add(name: Array("./dir/".utf8), kind: .directory)
        writer.add("./dir//a.txt", "same")
        writer.add("dir/./a.txt", "same")
        writer.add("./b.txt", "b")
        let scratch = try ScratchDirectory("import")
        defer { scratch.remove() }
        let outcome = try scratch.importer().importBundle(at: scratch.write(writer.archive, as: "n.tar"))
        let files = try Store(stateDirectory: scratch.state).catalogue.files(bundleID: outcome.bundle.id)
        #expect(files.map(\.path) == ["b.txt", "dir/a.txt"])
        #expect(outcome.bundle.entryCount == 2)
    }

    @Test(arguments: ["gzip", "zstd", "xz", "bzip2"])
    func compressionDetectedByContentNotName(_ compressor: String) throws {
        var writer = TarWriter()
        writer.add("hello.txt", "hello")
        let compressed = try Tool(compressor).checked(["-c"], stdin: .data(writer.archive))
        let scratch = try ScratchDirectory("import")
        defer { scratch.remove() }
        let outcome = try scratch.importer().importBundle(at: scratch.write(compressed, as: "misleading.tar"))
        #expect(outcome.bundle.entryCount == 1)
        #expect(outcome.bundle.archiveBytes == Int64(compressed.count))
        #expect(outcome.bundle.archiveSHA256 == LayoutBuilder.sha256(compressed))
    }
}
