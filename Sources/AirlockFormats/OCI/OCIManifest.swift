public import Foundation

/// An image (or artifact) manifest: config, layers, optional subject (image-spec `manifest.md`);
/// also reads Docker v2 schema 2 manifests, which share the shape.
public struct OCIManifest: Hashable, Sendable, Codable {
    /// Always 2.
    public var schemaVersion: Int
    /// The manifest media type, when the document states it.
    public var mediaType: String?
    /// The artifact type (required by the spec when the config is the empty descriptor).
    public var artifactType: String?
    /// The config blob.
    public var config: OCIDescriptor
    /// The layers, in order.
    public var layers: [OCIDescriptor]
    /// The manifest this one refers to (OCI 1.1 referrers).
    public var subject: OCIDescriptor?
    /// Free-form annotations.
    public var annotations: [String: String]?

    enum CodingKeys: String, CodingKey {
        case schemaVersion, mediaType, artifactType, config, layers, subject, annotations
    }

    /// Decodes and checks `schemaVersion == 2` and that the media type, when present, is a manifest type.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        (schemaVersion, mediaType) = try OCIJSON.versionAndMediaType(container, .schemaVersion, .mediaType,
                                                                      accepts: { MediaType.isManifest($0) }, described: "an image manifest")
        artifactType = try container.decodeIfPresent(String.self, forKey: .artifactType)
        config = try container.decode(OCIDescriptor.self, forKey: .config)
        layers = try container.decodeIfPresent([OCIDescriptor].self, forKey: .layers) ?? []
        subject = try container.decodeIfPresent(OCIDescriptor.self, forKey: .subject)
        annotations = try container.decodeIfPresent([String: String].self, forKey: .annotations)
    }

    /// Parses a manifest, applying `limits.maxMetadataBytes`.
    public static func parse(_ data: Data, limits: Limits = .default) throws(FormatError) -> OCIManifest {
        try OCIJSON.decode(OCIManifest.self, from: data, limits: limits)
    }

    /// The artifact type, falling back to the config media type as the OCI 1.1 referrers API does.
    public var effectiveArtifactType: String {
        artifactType ?? config.mediaType
    }
}

/// An image index: a list of manifests, usually one per platform (image-spec `image-index.md`);
/// also reads Docker manifest lists. `index.json` of an OCI layout is one.
public struct OCIIndex: Hashable, Sendable, Codable {
    /// Always 2.
    public var schemaVersion: Int
    /// The index media type, when the document states it.
    public var mediaType: String?
    /// The artifact type, for artifact indexes.
    public var artifactType: String?
    /// The listed manifests (or nested indexes).
    public var manifests: [OCIDescriptor]
    /// The manifest this index refers to (OCI 1.1 referrers).
    public var subject: OCIDescriptor?
    /// Free-form annotations.
    public var annotations: [String: String]?

    enum CodingKeys: String, CodingKey {
        case schemaVersion, mediaType, artifactType, manifests, subject, annotations
    }

    /// Decodes and checks `schemaVersion == 2` and that the media type, when present, is an index type.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        (schemaVersion, mediaType) = try OCIJSON.versionAndMediaType(container, .schemaVersion, .mediaType,
                                                                      accepts: { MediaType.isIndex($0) }, described: "an image index")
        artifactType = try container.decodeIfPresent(String.self, forKey: .artifactType)
        manifests = try container.decode([OCIDescriptor].self, forKey: .manifests)
        subject = try container.decodeIfPresent(OCIDescriptor.self, forKey: .subject)
        annotations = try container.decodeIfPresent([String: String].self, forKey: .annotations)
    }

    /// Parses an index, applying `limits.maxMetadataBytes`.
    public static func parse(_ data: Data, limits: Limits = .default) throws(FormatError) -> OCIIndex {
        try OCIJSON.decode(OCIIndex.self, from: data, limits: limits)
    }
}

/// The `oci-layout` file at the root of an OCI image layout.
public struct OCILayoutHeader: Hashable, Sendable, Codable {
    /// The only version defined: `1.0.0`.
    public static let supportedVersion = "1.0.0"
    /// The layout version.
    public var imageLayoutVersion: String

    /// Parses `oci-layout`, rejecting any version other than `1.0.0` (fail closed on unknown versions).
    public static func parse(_ data: Data, limits: Limits = .default) throws(FormatError) -> OCILayoutHeader {
        let header = try OCIJSON.decode(OCILayoutHeader.self, from: data, limits: limits)
        guard header.imageLayoutVersion == supportedVersion else {
            throw FormatError(.unsupportedVersion, "imageLayoutVersion \(header.imageLayoutVersion) is not \(supportedVersion)",
                              field: "imageLayoutVersion")
        }
        return header
    }
}

extension OCIJSON {
    /// The `schemaVersion` (must be 2) and optional `mediaType` (must pass `accepts`) a manifest and an
    /// index both start with; `described` names the expected kind in the error ("an image index").
    static func versionAndMediaType<Key: CodingKey>(_ container: KeyedDecodingContainer<Key>, _ versionKey: Key, _ mediaTypeKey: Key,
                                                    accepts: (String) -> Bool, described: String) throws -> (Int, String?) {
        let schemaVersion = try container.decode(Int.self, forKey: versionKey)
        guard schemaVersion == 2 else {
            throw FormatError(.unsupportedVersion, "schemaVersion \(schemaVersion) is not 2", field: "schemaVersion")
        }
        let mediaType = try container.decodeIfPresent(String.self, forKey: mediaTypeKey)
        if let mediaType, !accepts(mediaType) {
            throw FormatError(.invalidField, "mediaType \(mediaType) is not \(described)", field: "mediaType")
        }
        return (schemaVersion, mediaType)
    }
}
