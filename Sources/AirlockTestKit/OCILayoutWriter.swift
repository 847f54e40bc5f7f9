public import Foundation
import AirlockCrypto
public import AirlockFormats

/// TEST ONLY: writes small OCI image layouts (images, OCI 1.1 referrers carrying Sigstore bundles,
/// cosign tag-style `.sig`/`.att` manifests) with correct digests, to a directory that tests then pack
/// into a bundle tar.
public struct OCILayoutWriter: Sendable {
    /// Relative path → bytes of every file written so far (blobs only until `files` is read).
    public private(set) var blobs: [String: Data] = [:]
    private var index: [JSONValue] = []

    /// An empty layout.
    public init() {}

    /// An image made by `addImage`.
    public struct Image: Sendable {
        /// The manifest descriptor (for `subject` fields).
        public var descriptor: JSONValue
        /// `sha256:<hex>` of the manifest.
        public var digest: String
        /// The manifest bytes.
        public var manifest: Data
        /// The hex part of the digest.
        public var hex: String { String(digest.dropFirst(7)) }
    }

    /// Adds a blob and returns its descriptor.
    @discardableResult
    public mutating func addBlob(_ data: Data, mediaType: String, annotations: [String: String]? = nil) -> JSONValue {
        let hex = Hex.encode(Digest.sha256(data))
        blobs["blobs/sha256/\(hex)"] = data
        var descriptor = JSONObject()
        descriptor["mediaType"] = .string(mediaType)
        descriptor["digest"] = .string("sha256:\(hex)")
        descriptor["size"] = .number(JSONNumber(Int64(data.count)))
        if let annotations, !annotations.isEmpty {
            var a = JSONObject()
            for key in annotations.keys.sorted() { a[key] = .string(annotations[key]!) }
            descriptor["annotations"] = .object(a)
        }
        return .object(descriptor)
    }

    /// Adds a one-layer image (distinct `seed`s give distinct digests) listed in `index.json` under `name`.
    public mutating func addImage(seed: String, name: String?) -> Image {
        let config = addBlob(Data("{\"architecture\":\"amd64\",\"os\":\"linux\",\"seed\":\"\(seed)\"}".utf8), mediaType: MediaType.imageConfig)
        let layer = addBlob(Data("layer \(seed)".utf8), mediaType: "application/vnd.oci.image.layer.v1.tar")
        let manifest = manifestBytes(config: config, layers: [layer], extra: [:])
        let descriptor = addBlob(manifest, mediaType: MediaType.imageManifest)
        list(descriptor, annotations: name.map { ["org.opencontainers.image.ref.name": $0] } ?? [:])
        let digest = descriptor.objectValue!["digest"]!.stringValue!
        return Image(descriptor: descriptor, digest: digest, manifest: manifest)
    }

    /// Attaches a Sigstore bundle to `image` as an OCI 1.1 referrer (listed in `index.json`).
    public mutating func addReferrer(to image: Image, bundle: Data, mediaType: String = "application/vnd.dev.sigstore.bundle.v0.3+json") {
        let config = addBlob(Data("{}".utf8), mediaType: MediaType.empty)
        let layer = addBlob(bundle, mediaType: mediaType)
        let manifest = manifestBytes(config: config, layers: [layer],
                                     extra: ["artifactType": .string(mediaType), "subject": image.descriptor])
        list(addBlob(manifest, mediaType: MediaType.imageManifest), annotations: [:])
    }

    /// Adds a cosign tag-style manifest (`sha256-<hex>.sig` or `.att`) for `image` with these layers.
    public mutating func addCosignManifest(for image: Image, attestations: Bool, layers: [(data: Data, mediaType: String, annotations: [String: String])]) {
        let config = addBlob(Data("{}".utf8), mediaType: MediaType.imageConfig)
        let descriptors = layers.map { addBlob($0.data, mediaType: $0.mediaType, annotations: $0.annotations) }
        let manifest = manifestBytes(config: config, layers: descriptors, extra: [:])
        let tag = "sha256-\(image.hex).\(attestations ? "att" : "sig")"
        list(addBlob(manifest, mediaType: MediaType.imageManifest), annotations: ["org.opencontainers.image.ref.name": tag])
    }

    /// Every file of the layout: blobs, `index.json` and `oci-layout`.
    public var files: [String: Data] {
        var all = blobs
        var top = JSONObject()
        top["schemaVersion"] = .number(JSONNumber(2))
        top["mediaType"] = .string(MediaType.imageIndex)
        top["manifests"] = .array(index)
        all["index.json"] = CanonicalJSON.compact(.object(top))
        all["oci-layout"] = Data("{\"imageLayoutVersion\":\"1.0.0\"}".utf8)
        return all
    }

    /// Writes the layout under `directory`.
    public func write(to directory: URL) throws {
        for (path, data) in files {
            let url = directory.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url)
        }
    }

    private mutating func list(_ descriptor: JSONValue, annotations: [String: String]) {
        guard var entry = descriptor.objectValue else { return }
        if !annotations.isEmpty {
            var a = JSONObject()
            for key in annotations.keys.sorted() { a[key] = .string(annotations[key]!) }
            entry["annotations"] = .object(a)
        }
        index.append(.object(entry))
    }

    private func manifestBytes(config: JSONValue, layers: [JSONValue], extra: [String: JSONValue]) -> Data {
        var manifest = JSONObject()
        manifest["schemaVersion"] = .number(JSONNumber(2))
        manifest["mediaType"] = .string(MediaType.imageManifest)
        manifest["config"] = config
        manifest["layers"] = .array(layers)
        for key in extra.keys.sorted() { manifest[key] = extra[key]! }
        return CanonicalJSON.compact(.object(manifest))
    }
}
