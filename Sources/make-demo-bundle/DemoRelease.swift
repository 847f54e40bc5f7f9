import Foundation
import AirlockCrypto
import AirlockFormats
import AirlockTestKit

/// The demo release as an operator carries it across the air gap: an OCI image layout with two
/// images, each with two OCI 1.1 referrers (a cosign v3 signature bundle and a SLSA provenance
/// bundle), the app's in-toto layout and its three link attestations as DSSE referrers of the app
/// image, the trust root, and `airlock-bundle.json` listing every file.
struct DemoRelease {
    /// One image: repository, tag and what its layer holds.
    struct Image {
        let repository: String
        let tag: String
        let file: String
        let text: String

        var refName: String { "\(repository):\(tag)" }
    }

    static let images = [
        Image(repository: "demo/app", tag: "1.0.0", file: "app/VERSION", text: "demo-app 1.0.0\n"),
        Image(repository: "demo/worker", tag: "1.0.0", file: "worker/VERSION", text: "demo-worker 1.0.0\n"),
    ]

    /// The release name written into `airlock-bundle.json`.
    static let name = "demo-release-1.0.0"

    /// Each image's manifest descriptor, with the layout holding the image blobs only.
    let manifests: [OCIDescriptor]
    /// Each image's (single) layer.
    let layers: [OCIDescriptor]
    /// The app's in-toto layout and its signers.
    let inToto: DemoLayout
    /// The layout with the images (no evidence yet).
    let imageLayout: OCIImageLayoutBuilder
    /// Per image: the signature bundle and the provenance bundle.
    var evidence: [(signature: MadeSigstoreBundle, provenance: MadeSigstoreBundle)]

    /// Builds the images (deterministic bytes) and signs each one twice with `sigstore`.
    init(sigstore: inout MiniSigstore) throws {
        var layout = OCIImageLayoutBuilder(sha256: { Digest.sha256($0) })
        var manifests: [OCIDescriptor] = []
        var layers: [OCIDescriptor] = []
        for image in Self.images {
            var tar = UstarWriter()
            try tar.addFile(image.file, contents: Data(image.text.utf8))
            let layer = layout.addBlob(tar.finish(), mediaType: MediaType.imageLayerTar)
            layers.append(layer)
            let created = RFC3339.format(sigstore.baseTime, .secondsOfNearestMillisecond)
            let config = layout.addJSON(obj([
                "created": str(created), "architecture": str("amd64"), "os": str("linux"),
                "config": obj(["Entrypoint": .array([str("/bin/cat"), str("/" + image.file)])]),
                "rootfs": obj(["type": str("layers"), "diff_ids": .array([str(layer.digest.description)])]),
            ]), mediaType: MediaType.imageConfig)
            var manifest = layout.addManifest(config: config, layers: [layer], annotations: [
                "org.opencontainers.image.created": created,
                "org.opencontainers.image.revision": DemoProject.commit,
                "org.opencontainers.image.source": DemoProject.repository,
                "org.opencontainers.image.version": image.tag,
            ])
            manifest.platform = OCIPlatform(architecture: "amd64", os: "linux")
            manifests.append(manifest)
        }
        self.manifests = manifests
        self.layers = layers
        inToto = try DemoLayout()
        imageLayout = layout
        let options = SigstoreBundleOptions(timestampCount: 1)
        let signing = sigstore.defaultSigningTime
        evidence = try zip(Self.images, manifests).map { image, manifest in
            let subject = [(name: image.repository, sha256Hex: manifest.digest.encoded)]
            let signature = try sigstore.dsseBundle(
                statement: MiniSigstore.inTotoStatement(subjects: subject, predicateType: PredicateType.cosignSign),
                identity: DemoProject.identity, options: options)
            let predicate = DemoProject.provenancePredicate(startedOn: signing.addingTimeInterval(-300), finishedOn: signing.addingTimeInterval(-60))
            let provenance = try sigstore.dsseBundle(
                statement: MiniSigstore.inTotoStatement(subjects: subject, predicateType: PredicateType.slsaProvenanceV1, predicate: predicate),
                identity: DemoProject.identity, options: options)
            return (signature, provenance)
        }
    }

    /// The statement the tampered copy puts in the worker's provenance: built from an unreviewed
    /// branch at another commit, while the DSSE signature still covers the original statement.
    static func alteredWorkerStatement(sigstore: MiniSigstore, subject manifest: OCIDescriptor) -> Data {
        let signing = sigstore.defaultSigningTime
        let predicate = DemoProject.provenancePredicate(
            startedOn: signing.addingTimeInterval(-300), finishedOn: signing.addingTimeInterval(-60),
            ref: "refs/heads/unreviewed", commit: "0badc0de0badc0de0badc0de0badc0de0badc0de")
        return MiniSigstore.inTotoStatement(subjects: [(name: images[1].repository, sha256Hex: manifest.digest.encoded)],
                                            predicateType: PredicateType.slsaProvenanceV1, predicate: predicate)
    }

    /// Every file of the release archive, by path: the layout with the images listed by tag and each
    /// evidence bundle in a referrer manifest, the trust root, and `airlock-bundle.json`.
    func files(trustedRoot: Data, created: Date) throws -> [String: Data] {
        var layout = imageLayout
        for (image, manifest) in zip(Self.images, manifests) {
            layout.list(manifest, annotations: [OCIAnnotation.refName: image.refName])
        }
        for (manifest, bundles) in zip(manifests, evidence) {
            for (made, predicateType) in [(bundles.signature, PredicateType.cosignSign), (bundles.provenance, PredicateType.slsaProvenanceV1)] {
                layout.list(Self.referrer(made.json, predicateType: predicateType, subject: manifest, created: created, layout: &layout))
            }
        }
        // The layout travels with the image (a DSSE referrer, like its links), never as a loose file.
        for envelope in [inToto.envelope] + (try inToto.links(layer: layers[0], manifest: manifests[0])) {
            layout.list(Self.dsseReferrer(envelope, subject: manifests[0], created: created, layout: &layout))
        }
        var files = layout.files
        files["trusted_root.json"] = trustedRoot
        let listed = files.keys.sorted().map { obj(["path": str($0), "sha256": str(Hex.encode(Digest.sha256(files[$0]!)))]) }
        files["airlock-bundle.json"] = CanonicalJSON.compact(obj(["name": str(Self.name), "files": .array(listed)]))
        return files
    }

    /// An OCI 1.1 referrer whose only layer is a DSSE envelope (the in-toto layout or a link attestation).
    static func dsseReferrer(_ envelope: Data, subject: OCIDescriptor, created: Date, layout: inout OCIImageLayoutBuilder) -> OCIDescriptor {
        let layer = layout.addBlob(envelope, mediaType: MediaType.dsseEnvelope)
        let config = layout.addBlob(Data("{}".utf8), mediaType: MediaType.empty)
        var subjectDescriptor = subject
        subjectDescriptor.platform = nil
        var referrer = layout.addManifest(config: config, layers: [layer], artifactType: MediaType.dsseEnvelope, subject: subjectDescriptor,
                                          annotations: ["org.opencontainers.image.created": RFC3339.format(created, .secondsOfNearestMillisecond)])
        referrer.artifactType = MediaType.dsseEnvelope
        return referrer
    }

    /// A cosign v3-style referrer (docs/formats.md §9.3): the bundle as the only layer, the empty config,
    /// `subject` the image manifest; returns its descriptor for `index.json`.
    static func referrer(_ bundle: Data, predicateType: String, subject: OCIDescriptor, created: Date,
                         layout: inout OCIImageLayoutBuilder) -> OCIDescriptor {
        let layer = layout.addBlob(bundle, mediaType: MediaType.sigstoreBundleV03)
        let config = layout.addBlob(Data("{}".utf8), mediaType: MediaType.empty)
        var subjectDescriptor = subject
        subjectDescriptor.platform = nil
        var referrer = layout.addManifest(config: config, layers: [layer], artifactType: MediaType.sigstoreBundleV03,
                                          subject: subjectDescriptor, annotations: [
            "dev.sigstore.bundle.content": "dsse-envelope",
            OCIAnnotation.sigstorePredicateType: predicateType,
            "org.opencontainers.image.created": RFC3339.format(created, .secondsOfNearestMillisecond),
        ])
        referrer.artifactType = MediaType.sigstoreBundleV03
        return referrer
    }
}
