import Foundation
import AirlockStore
import AirlockAppliance

/// TEST ONLY: builds small OCI image layouts into a `TarWriter` with correct digests, so tests can
/// then break exactly one thing.
struct LayoutBuilder {
    var tar = TarWriter()
    var root: String = ""
    var indexEntries: [[String: Any]] = []

    static func sha256(_ data: Data) -> String { ContentHashing.sha256Hex(of: data, using: SHA256ContentHasher.factory) }

    func path(_ relative: String) -> String { root.isEmpty ? relative : root + "/" + relative }

    /// Adds a blob and returns its descriptor.
    @discardableResult
    mutating func blob(_ data: Data, mediaType: String, annotations: [String: String]? = nil) -> [String: Any] {
        let hex = Self.sha256(data)
        tar.add(path("blobs/sha256/\(hex)"), data: data)
        var descriptor: [String: Any] = ["mediaType": mediaType, "digest": "sha256:\(hex)", "size": data.count]
        if let annotations { descriptor["annotations"] = annotations }
        return descriptor
    }

    /// Adds a JSON blob and returns its descriptor.
    @discardableResult
    mutating func json(_ object: [String: Any], mediaType: String, annotations: [String: String]? = nil) -> [String: Any] {
        blob(try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), mediaType: mediaType, annotations: annotations)
    }

    /// Adds an image (config + one layer + manifest) and returns the manifest descriptor.
    mutating func image(layer: String = "layer", subject: [String: Any]? = nil, layers extra: [[String: Any]] = [],
                        artifactType: String? = nil) -> [String: Any] {
        let config = json(["architecture": "amd64", "os": "linux"], mediaType: "application/vnd.oci.image.config.v1+json")
        let layerDescriptor = blob(Data(layer.utf8), mediaType: "application/vnd.oci.image.layer.v1.tar")
        var manifest: [String: Any] = ["schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                                       "config": config, "layers": extra.isEmpty ? [layerDescriptor] : extra]
        if let subject { manifest["subject"] = subject }
        if let artifactType { manifest["artifactType"] = artifactType }
        return json(manifest, mediaType: "application/vnd.oci.image.manifest.v1+json")
    }

    /// Lists a descriptor in `index.json`, with a tag when given.
    mutating func list(_ descriptor: [String: Any], tag: String? = nil) {
        var entry = descriptor
        if let tag { entry["annotations"] = ["org.opencontainers.image.ref.name": tag] }
        indexEntries.append(entry)
    }

    /// Writes `oci-layout` and `index.json` and returns the archive.
    mutating func finish(layoutVersion: String = "1.0.0", writeIndex: Bool = true) -> Data {
        tar.add(path("oci-layout"), "{\"imageLayoutVersion\":\"\(layoutVersion)\"}")
        if writeIndex {
            let index: [String: Any] = ["schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": indexEntries]
            tar.add(path("index.json"), data: try! JSONSerialization.data(withJSONObject: index, options: [.sortedKeys]))
        }
        return tar.archive
    }
}
