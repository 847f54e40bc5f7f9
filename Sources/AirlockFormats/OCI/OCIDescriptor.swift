public import Foundation

/// The platform an index entry is built for (image-spec `image-index.md`).
public struct OCIPlatform: Hashable, Sendable, Codable, CustomStringConvertible {
    /// CPU architecture, for example `amd64`.
    public var architecture: String
    /// Operating system, for example `linux`.
    public var os: String
    /// CPU variant, for example `v8`.
    public var variant: String?
    /// Operating-system version (Windows images).
    public var osVersion: String?

    enum CodingKeys: String, CodingKey {
        case architecture, os, variant
        case osVersion = "os.version"
    }

    /// Makes a platform.
    public init(architecture: String, os: String, variant: String? = nil, osVersion: String? = nil) {
        self.architecture = architecture
        self.os = os
        self.variant = variant
        self.osVersion = osVersion
    }

    /// `os/architecture[/variant]`, as docker and crane print it.
    public var description: String {
        [os, architecture, variant].compactMap { $0 }.joined(separator: "/")
    }
}

/// A reference to content: media type, digest and size, plus optional annotations
/// (image-spec `descriptor.md`). The size must be checked before the content is hashed.
public struct OCIDescriptor: Hashable, Sendable, Codable {
    /// Media type of the referenced content.
    public var mediaType: String
    /// Digest of the referenced content.
    public var digest: ContentDigest
    /// Exact byte count of the referenced content (never negative).
    public var size: Int64
    /// Mirrors the content may be fetched from (never used offline, kept for fidelity).
    public var urls: [String]?
    /// Free-form annotations (tags, cosign signature material, …).
    public var annotations: [String: String]?
    /// Embedded content (the `data` field, decoded from base64).
    public var data: Data?
    /// The artifact type, for artifact manifests listed in an index.
    public var artifactType: String?
    /// The platform, for index entries.
    public var platform: OCIPlatform?

    enum CodingKeys: String, CodingKey {
        case mediaType, digest, size, urls, annotations, data, artifactType, platform
    }

    /// Makes a descriptor.
    public init(mediaType: String, digest: ContentDigest, size: Int64, annotations: [String: String]? = nil,
                platform: OCIPlatform? = nil, artifactType: String? = nil, data: Data? = nil) {
        self.mediaType = mediaType
        self.digest = digest
        self.size = size
        self.annotations = annotations
        self.platform = platform
        self.artifactType = artifactType
        self.data = data
    }

    /// Decodes and checks `size >= 0` and that `data` is base64.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        mediaType = try container.decode(String.self, forKey: .mediaType)
        digest = try container.decode(ContentDigest.self, forKey: .digest)
        size = try container.decode(Int64.self, forKey: .size)
        guard size >= 0 else {
            throw FormatError(.invalidField, "size must not be negative", field: OCIJSON.path(of: decoder, "size"))
        }
        urls = try container.decodeIfPresent([String].self, forKey: .urls)
        annotations = try container.decodeIfPresent([String: String].self, forKey: .annotations)
        artifactType = try container.decodeIfPresent(String.self, forKey: .artifactType)
        platform = try container.decodeIfPresent(OCIPlatform.self, forKey: .platform)
        if let text = try container.decodeIfPresent(String.self, forKey: .data) {
            guard let bytes = Data(base64Encoded: text) else {
                throw FormatError(.badBase64, "data is not base64", field: OCIJSON.path(of: decoder, "data"))
            }
            data = bytes
        }
    }

    /// Encodes with `data` as base64.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(mediaType, forKey: .mediaType)
        try container.encode(digest, forKey: .digest)
        try container.encode(size, forKey: .size)
        try container.encodeIfPresent(urls, forKey: .urls)
        try container.encodeIfPresent(annotations, forKey: .annotations)
        try container.encodeIfPresent(data?.base64EncodedString(), forKey: .data)
        try container.encodeIfPresent(artifactType, forKey: .artifactType)
        try container.encodeIfPresent(platform, forKey: .platform)
    }

    /// The annotation `key`, if present.
    public func annotation(_ key: String) -> String? { annotations?[key] }
}
