public import Foundation
import AirlockCrypto
public import AirlockFormats

/// TEST ONLY: small OCI image layouts (images, OCI 1.1 referrers carrying Sigstore bundles, cosign
/// tag-style `.sig`/`.att` manifests) with correct digests, which tests then pack into a bundle tar.
/// The layout itself is built by `OCIImageLayoutBuilder`; this type only knows the test shapes.
public struct OCILayoutWriter: Sendable {
    private var builder = OCIImageLayoutBuilder(sha256: { Digest.sha256($0) })

    /// An empty layout.
    public init() {}

    /// An image made by `addImage`.
    public struct Image: Sendable {
        /// The manifest descriptor (for `subject` fields).
        public var descriptor: OCIDescriptor
        /// The manifest bytes.
        public var manifest: Data
        /// `sha256:<hex>` of the manifest.
        public var digest: String { descriptor.digest.description }
        /// The hex part of the digest.
        public var hex: String { descriptor.digest.encoded }
    }

    /// Relative path → bytes of every blob added so far.
    public var blobs: [String: Data] { builder.blobs }

    /// Adds a blob and returns its descriptor.
    @discardableResult
    public mutating func addBlob(_ data: Data, mediaType: String, annotations: [String: String]? = nil) -> OCIDescriptor {
        builder.addBlob(data, mediaType: mediaType, annotations: annotations)
    }

    /// Adds a one-layer image (distinct `seed`s give distinct digests) listed in `index.json` under `name`.
    public mutating func addImage(seed: String, name: String?) -> Image {
        let config = addBlob(Data("{\"architecture\":\"amd64\",\"os\":\"linux\",\"seed\":\"\(seed)\"}".utf8), mediaType: MediaType.imageConfig)
        let layer = addBlob(Data("layer \(seed)".utf8), mediaType: MediaType.imageLayerTar)
        let descriptor = builder.addManifest(config: config, layers: [layer])
        builder.list(descriptor, annotations: name.map { [OCIAnnotation.refName: $0] } ?? [:])
        return Image(descriptor: descriptor, manifest: builder.blobs["blobs/sha256/\(descriptor.digest.encoded)"]!)
    }

    /// Adds a multi-platform image: one manifest per platform (its config naming that os/architecture),
    /// an index listing them with their platforms, the index listed in `index.json` under `name`.
    public mutating func addIndexImage(seed: String, name: String?, platforms: [OCIPlatform]) -> (index: Image, platforms: [Image]) {
        var children: [Image] = []
        for platform in platforms {
            let variant = platform.variant.map { ",\"variant\":\"\($0)\"" } ?? ""
            let config = addBlob(Data("{\"architecture\":\"\(platform.architecture)\",\"os\":\"\(platform.os)\"\(variant),\"seed\":\"\(seed)\"}".utf8),
                                 mediaType: MediaType.imageConfig)
            let layer = addBlob(Data("layer \(seed) \(platform)".utf8), mediaType: MediaType.imageLayerTar)
            var descriptor = builder.addManifest(config: config, layers: [layer])
            descriptor.platform = platform
            children.append(Image(descriptor: descriptor, manifest: builder.blobs["blobs/sha256/\(descriptor.digest.encoded)"]!))
        }
        let descriptor = builder.addIndex(manifests: children.map(\.descriptor))
        builder.list(descriptor, annotations: name.map { [OCIAnnotation.refName: $0] } ?? [:])
        return (Image(descriptor: descriptor, manifest: builder.blobs["blobs/sha256/\(descriptor.digest.encoded)"]!), children)
    }

    /// Attaches a Sigstore bundle to `image` as an OCI 1.1 referrer (listed in `index.json`).
    public mutating func addReferrer(to image: Image, bundle: Data, mediaType: String = MediaType.sigstoreBundleV03) {
        let config = addBlob(Data("{}".utf8), mediaType: MediaType.empty)
        let layer = addBlob(bundle, mediaType: mediaType)
        builder.list(builder.addManifest(config: config, layers: [layer], artifactType: mediaType, subject: image.descriptor))
    }

    /// Adds a cosign tag-style manifest (`sha256-<hex>.sig` or `.att`) for `image` with these layers.
    public mutating func addCosignManifest(for image: Image, attestations: Bool, layers: [(data: Data, mediaType: String, annotations: [String: String])]) {
        let config = addBlob(Data("{}".utf8), mediaType: MediaType.imageConfig)
        let descriptors = layers.map { addBlob($0.data, mediaType: $0.mediaType, annotations: $0.annotations) }
        let tag = "\(image.descriptor.digest.algorithm)-\(image.hex).\(attestations ? "att" : "sig")"
        builder.list(builder.addManifest(config: config, layers: descriptors), annotations: [OCIAnnotation.refName: tag])
    }

    /// Every file of the layout: blobs, `index.json` and `oci-layout`.
    public var files: [String: Data] { builder.files }

    /// Writes the layout under `directory`.
    public func write(to directory: URL) throws {
        for (path, data) in files {
            let url = directory.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url)
        }
    }
}
