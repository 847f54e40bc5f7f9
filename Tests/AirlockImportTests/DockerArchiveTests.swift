import Foundation
import Testing
import AirlockTestKit
import AirlockImport
import AirlockStore

private func sha(_ data: Data) -> String { LayoutBuilder.sha256(data) }

/// A minimal docker-save archive: one layer `<hex>.tar`, its duplicate as `<id>/layer.tar` (a link or a
/// copy), a config whose diff_ids name the layer, and `manifest.json`.
private struct DockerSave {
    var layer = Data("layer bytes".utf8)
    var config: Data { Data(#"{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":["sha256:\#(sha(layer))"]}}"#.utf8) }
    var tar = TarWriter()

    mutating func finish(layers: [String]? = nil, link: (name: String, target: String)? = nil) -> Data {
        tar.add("\(sha(config)).json", data: config)
        tar.add("\(sha(layer)).tar", data: layer)
        if let link { tar.add(name: Array(link.name.utf8), kind: .symlink, linkName: link.target) }
        let listed = (layers ?? ["\(sha(layer)).tar"]).map { "\"\($0)\"" }.joined(separator: ",")
        tar.add("manifest.json", #"[{"Config":"\#(sha(config)).json","RepoTags":["example.com/app:v1"],"Layers":[\#(listed)]}]"#)
        return tar.archive
    }
}

@Suite("docker save archives and in-archive symbolic links")
struct DockerArchiveTests {
    func importing(_ archive: Data) throws -> Result<ImportOutcome, ImportError> {
        let scratch = try ScratchDirectory("import")
        let url = try scratch.write(archive, as: "d.tar")
        let importer = try scratch.importer()
        do throws(ImportError) { return .success(try importer.importBundle(at: url)) } catch { return .failure(error) }
    }

    func refusal(_ archive: Data) throws -> ImportError? {
        guard case .failure(let error) = try importing(archive) else { Issue.record("accepted"); return nil }
        return error
    }

    @Test func legacyLayoutWithLinkedDuplicateLayerIsAnImage() throws {
        var save = DockerSave()
        let archive = save.finish(layers: ["abc/layer.tar"], link: ("abc/layer.tar", "../\(sha(save.layer)).tar"))
        let outcome = try importing(archive).get()
        let image = try #require(outcome.images.first)
        #expect(outcome.images.count == 1)
        #expect(image.digest == "sha256:\(sha(save.config))", "a docker-save image is known by its config digest")
        #expect(image.names == ["example.com/app:v1"])
        #expect(image.isComplete)
    }

    @Test func linkEscapingTheArchiveIsRefused() throws {
        var save = DockerSave()
        let error = try refusal(save.finish(link: ("abc/layer.tar", "../../etc/passwd")))
        #expect(error?.code == .linkEntry)
        #expect(error?.entry == "abc/layer.tar")
        #expect(error?.reason.contains("escapes the archive") == true, "\(String(describing: error))")
    }

    @Test func linkToAbsolutePathIsRefused() throws {
        var save = DockerSave()
        let error = try refusal(save.finish(link: ("abc/layer.tar", "/etc/passwd")))
        #expect(error?.code == .linkEntry)
        #expect(error?.reason.contains("absolute path") == true)
    }

    @Test func linkChainIsRefused() throws {
        var save = DockerSave()
        save.tar.add(name: Array("first".utf8), kind: .symlink, linkName: "abc/layer.tar")
        let error = try refusal(save.finish(link: ("abc/layer.tar", "../\(sha(save.layer)).tar")))
        #expect(error?.code == .linkEntry)
        #expect(error?.entry == "first")
        #expect(error?.reason.contains("another symbolic link") == true)
    }

    @Test func linkToNothingIsRefused() throws {
        var save = DockerSave()
        let error = try refusal(save.finish(link: ("abc/layer.tar", "../nothing.tar")))
        #expect(error?.code == .linkEntry)
        #expect(error?.reason.contains("is not a regular file in the archive") == true)
    }

    @Test func layerThatDiffersFromDiffIDsIsRefused() throws {
        var save = DockerSave()
        save.tar.add("abc/layer.tar", "not the layer")
        let error = try refusal(save.finish(layers: ["abc/layer.tar"]))
        #expect(error?.code == .digestMismatch)
        #expect(error?.entry == "abc/layer.tar")
    }

    @Test func configNotMatchingItsNameIsRefused() throws {
        var save = DockerSave()
        save.tar.add("\(String(repeating: "0", count: 64)).json", "{}")
        save.tar.add("manifest.json", #"[{"Config":"\#(String(repeating: "0", count: 64)).json","RepoTags":[],"Layers":[]}]"#)
        let error = try refusal(save.tar.archive)
        #expect(error?.code == .digestMismatch)
        #expect(error?.reason.contains("not its file name") == true)
    }

    @Test func docker25ArchiveUsesItsOCILayoutNotManifestJSON() throws {
        var layout = LayoutBuilder()
        let image = layout.image()
        var entry = image
        entry["annotations"] = ["org.opencontainers.image.ref.name": "1.0.0", "io.containerd.image.name": "docker.io/acme/app:1.0.0"]
        layout.indexEntries.append(entry)
        let layerHex = LayoutBuilder.sha256(Data("layer".utf8))
        layout.tar.add(name: Array("legacy/layer.tar".utf8), kind: .symlink, linkName: "../blobs/sha256/\(layerHex)")
        layout.tar.add("manifest.json", #"[{"Config":"blobs/sha256/\#(layerHex)","RepoTags":["docker.io/acme/app:1.0.0"],"Layers":["legacy/layer.tar"]}]"#)
        let outcome = try importing(layout.finish()).get()
        #expect(outcome.images.map(\.digest) == [image["digest"] as! String], "one image, from the layout")
        #expect(outcome.images.first?.names == ["docker.io/acme/app:1.0.0"])
    }

    @Test("skopeo docker-archive of a built layout imports (a missing skopeo fails the test)")
    func skopeoDockerArchiveImports() throws {
        let scratch = try ScratchDirectory("import")
        let dir = scratch.root.appendingPathComponent("layout")
        let blobs = dir.appendingPathComponent("blobs/sha256")
        try FileManager.default.createDirectory(at: blobs, withIntermediateDirectories: true)
        func put(_ data: Data) throws -> String {
            let hex = sha(data)
            try data.write(to: blobs.appendingPathComponent(hex))
            return hex
        }
        var layerTar = TarWriter()
        layerTar.add("hello.txt", "hi\n")
        let layer = layerTar.archive
        let layerHex = try put(layer)
        let config = Data(#"{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":["sha256:\#(layerHex)"]}}"#.utf8)
        let configHex = try put(config)
        let manifest = Data(#"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:\#(configHex)","size":\#(config.count)},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"sha256:\#(layerHex)","size":\#(layer.count)}]}"#.utf8)
        let manifestHex = try put(manifest)
        try Data(#"{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:\#(manifestHex)","size":\#(manifest.count),"annotations":{"org.opencontainers.image.ref.name":"v1"}}]}"#.utf8)
            .write(to: dir.appendingPathComponent("index.json"))
        try Data(#"{"imageLayoutVersion":"1.0.0"}"#.utf8).write(to: dir.appendingPathComponent("oci-layout"))
        let archive = scratch.root.appendingPathComponent("docker.tar")
        try Tool("skopeo").checked(["copy", "--quiet", "oci:\(dir.path):v1", "docker-archive:\(archive.path):example.com/app:v1"])
        let outcome = try scratch.importer().importBundle(at: archive)
        #expect(outcome.images.map(\.digest) == ["sha256:\(configHex)"])
        #expect(outcome.images.first?.names == ["example.com/app:v1"])
        #expect(outcome.images.first?.isComplete == true)
    }
}
