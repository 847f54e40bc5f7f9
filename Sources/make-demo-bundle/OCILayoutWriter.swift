import Foundation
import AirlockCrypto
import AirlockFormats

/// An OCI content descriptor (image-spec descriptor.md) for content this tool wrote.
struct Descriptor {
    var mediaType: String
    var digest: String
    var size: Int
    var annotations: [String: String] = [:]
    var artifactType: String?
    var platform: (os: String, architecture: String)?

    /// The hex of a `sha256:` digest.
    var hex: String { String(digest.dropFirst("sha256:".count)) }

    /// The descriptor as JSON, keys in the order registries write them.
    var json: JSONValue {
        var o = JSONObject()
        o["mediaType"] = str(mediaType)
        if let artifactType { o["artifactType"] = str(artifactType) }
        o["digest"] = str(digest)
        o["size"] = num(size)
        if let platform { o["platform"] = obj(["architecture": str(platform.architecture), "os": str(platform.os)]) }
        if !annotations.isEmpty {
            var a = JSONObject()
            for key in annotations.keys.sorted() { a[key] = str(annotations[key]!) }
            o["annotations"] = .object(a)
        }
        return .object(o)
    }
}

/// Builds an OCI image layout in memory (image-layout.md): content-addressed blobs under
/// `blobs/sha256/`, the `oci-layout` header and `index.json` listing the top-level manifests.
struct OCILayoutWriter {
    static let manifestType = "application/vnd.oci.image.manifest.v1+json"
    static let indexType = "application/vnd.oci.image.index.v1+json"
    static let configType = "application/vnd.oci.image.config.v1+json"
    static let layerType = "application/vnd.oci.image.layer.v1.tar"
    static let emptyType = "application/vnd.oci.empty.v1+json"
    static let bundleType = "application/vnd.dev.sigstore.bundle.v0.3+json"
    static let refName = "org.opencontainers.image.ref.name"

    private(set) var blobs: [String: Data] = [:]
    private(set) var index: [Descriptor] = []

    /// Stores `data` as a blob and returns its descriptor.
    mutating func add(_ data: Data, mediaType: String) -> Descriptor {
        let hex = Hex.encode(Digest.sha256(data))
        blobs[hex] = data
        return Descriptor(mediaType: mediaType, digest: "sha256:\(hex)", size: data.count)
    }

    /// Stores a JSON document (compact) as a blob.
    mutating func add(json: JSONValue, mediaType: String) -> Descriptor {
        add(CanonicalJSON.compact(json), mediaType: mediaType)
    }

    /// The empty `{}` config of artifact manifests.
    mutating func emptyConfig() -> Descriptor { add(Data("{}".utf8), mediaType: Self.emptyType) }

    /// Lists a manifest in `index.json`.
    mutating func list(_ descriptor: Descriptor) { index.append(descriptor) }

    /// Every file of the layout, by path.
    func files() -> [String: Data] {
        var files: [String: Data] = [:]
        files["oci-layout"] = Data(#"{"imageLayoutVersion":"1.0.0"}"#.utf8)
        files["index.json"] = CanonicalJSON.compact(obj([
            "schemaVersion": num(2), "mediaType": str(Self.indexType), "manifests": .array(index.map(\.json)),
        ]))
        for (hex, data) in blobs { files["blobs/sha256/\(hex)"] = data }
        return files
    }
}
