public import Foundation

/// Builds an OCI image layout in memory (image-spec `image-layout.md`): content-addressed blobs under
/// `blobs/sha256/<hex>`, the `oci-layout` header and `index.json` listing the top-level manifests.
/// The caller writes `files` to disk (or into a tarball); this type does no I/O.
///
/// AirlockFormats does no cryptography, so the caller passes the SHA-256 function (AirlockCrypto's
/// `Digest.sha256`); the builder wraps its output as a `ContentDigest`. Documents it writes (manifests,
/// `index.json`) are compact JSON with members in the order image-spec's examples use.
public struct OCIImageLayoutBuilder: Sendable {
    /// A SHA-256 function: the 32 digest bytes of its input.
    public typealias SHA256 = @Sendable (Data) -> Data

    /// The `oci-layout` header this builder writes (layout version 1.0.0).
    public static let layoutHeader = Data(#"{"imageLayoutVersion":"1.0.0"}"#.utf8)

    private let sha256: SHA256
    /// Blob path (`blobs/sha256/<hex>`) → bytes of every blob added so far.
    public private(set) var blobs: [String: Data] = [:]
    /// The `index.json` entries, in the order they were listed.
    public private(set) var manifests: [OCIDescriptor] = []

    /// An empty layout hashing with `sha256`.
    public init(sha256: @escaping SHA256) {
        self.sha256 = sha256
    }

    /// Stores `data` as a blob and returns its descriptor (re-adding the same bytes is harmless).
    @discardableResult
    public mutating func addBlob(_ data: Data, mediaType: String, annotations: [String: String]? = nil) -> OCIDescriptor {
        // A 32-byte hash always makes a valid sha256 digest.
        let digest = try! ContentDigest.sha256(bytes: sha256(data))
        blobs["blobs/sha256/\(digest.encoded)"] = data
        return OCIDescriptor(mediaType: mediaType, digest: digest, size: Int64(data.count),
                             annotations: annotations?.isEmpty == false ? annotations : nil)
    }

    /// Stores a JSON document as compact JSON and returns its descriptor.
    @discardableResult
    public mutating func addJSON(_ document: JSONValue, mediaType: String) -> OCIDescriptor {
        addBlob(CanonicalJSON.compact(document), mediaType: mediaType)
    }

    /// Stores an image manifest (`schemaVersion` 2) over `config` and `layers`; `artifactType`,
    /// `subject` (an OCI 1.1 referrer's image) and `annotations` are written when given.
    @discardableResult
    public mutating func addManifest(config: OCIDescriptor, layers: [OCIDescriptor], artifactType: String? = nil,
                                     subject: OCIDescriptor? = nil, annotations: [String: String] = [:]) -> OCIDescriptor {
        var manifest = JSONObject()
        manifest["schemaVersion"] = .number(JSONNumber(2))
        manifest["mediaType"] = .string(MediaType.imageManifest)
        if let artifactType { manifest["artifactType"] = .string(artifactType) }
        manifest["config"] = Self.json(config)
        manifest["layers"] = .array(layers.map(Self.json))
        if let subject { manifest["subject"] = Self.json(subject) }
        if !annotations.isEmpty { manifest["annotations"] = Self.stringMap(annotations) }
        return addJSON(.object(manifest), mediaType: MediaType.imageManifest)
    }

    /// Stores an image index over `manifests` (each descriptor as given, with its `platform`).
    @discardableResult
    public mutating func addIndex(manifests: [OCIDescriptor]) -> OCIDescriptor {
        var index = JSONObject()
        index["schemaVersion"] = .number(JSONNumber(2))
        index["mediaType"] = .string(MediaType.imageIndex)
        index["manifests"] = .array(manifests.map(Self.json))
        return addJSON(.object(index), mediaType: MediaType.imageIndex)
    }

    /// Lists a manifest in `index.json`, adding `annotations` (e.g. `OCIAnnotation.refName`) to the
    /// descriptor's own. The blob need not be in this builder (a caller may copy it in separately).
    public mutating func list(_ descriptor: OCIDescriptor, annotations: [String: String] = [:]) {
        var entry = descriptor
        if !annotations.isEmpty { entry.annotations = (entry.annotations ?? [:]).merging(annotations) { $1 } }
        manifests.append(entry)
    }

    /// `index.json`: an OCI image index over the listed manifests.
    public var indexJSON: Data {
        var index = JSONObject()
        index["schemaVersion"] = .number(JSONNumber(2))
        index["mediaType"] = .string(MediaType.imageIndex)
        index["manifests"] = .array(manifests.map(Self.json))
        return CanonicalJSON.compact(.object(index))
    }

    /// Every file of the layout by relative path: the blobs, `index.json` and `oci-layout`.
    public var files: [String: Data] {
        var all = blobs
        all["index.json"] = indexJSON
        all["oci-layout"] = Self.layoutHeader
        return all
    }

    /// A descriptor as JSON: `mediaType`, `digest`, `size`, then `artifactType`, `platform` and
    /// `annotations` (keys sorted) when present.
    public static func json(_ descriptor: OCIDescriptor) -> JSONValue {
        var o = JSONObject()
        o["mediaType"] = .string(descriptor.mediaType)
        o["digest"] = .string(descriptor.digest.description)
        o["size"] = .number(JSONNumber(descriptor.size))
        if let artifactType = descriptor.artifactType { o["artifactType"] = .string(artifactType) }
        if let platform = descriptor.platform {
            var p = JSONObject()
            p["architecture"] = .string(platform.architecture)
            p["os"] = .string(platform.os)
            if let variant = platform.variant { p["variant"] = .string(variant) }
            o["platform"] = .object(p)
        }
        if let annotations = descriptor.annotations, !annotations.isEmpty { o["annotations"] = stringMap(annotations) }
        return .object(o)
    }

    /// A JSON object of strings with sorted keys.
    public static func stringMap(_ map: [String: String]) -> JSONValue {
        var o = JSONObject()
        for key in map.keys.sorted() { o[key] = .string(map[key]!) }
        return .object(o)
    }
}
