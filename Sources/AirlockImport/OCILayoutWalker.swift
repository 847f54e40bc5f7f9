import Foundation
import AirlockFormats
import AirlockStore

/// Walks one OCI image layout of a bundle (docs/formats.md §9.1): checks `oci-layout`, checks that every
/// `blobs/sha256/<hex>` file hashes to its name, reads `index.json`, and follows indexes and manifests,
/// checking each descriptor's size and digest against the streamed blob before parsing it.
/// Images go into `findings` with the blobs they lack; cosign and referrer evidence is linked to its subject.
struct OCILayoutWalker {
    let view: ArchiveView
    /// Directory of the layout in the bundle (`""` for the root).
    let root: String
    var findings: Findings
    private var visited: Set<String> = []
    /// The single image a cosign-save layout holds, used as the subject of `kind`-tagged attestations
    /// whose payload does not say.
    var soleCosignImage: String?
    /// Digests of the top-level entries, to pick a statement subject that is in the layout.
    var topLevelDigests: Set<String> = []

    init(view: ArchiveView, root: String, findings: Findings) {
        self.view = view
        self.root = root
        self.findings = findings
    }

    /// `root/relative`.
    func path(_ relative: String) -> String { root.isEmpty ? relative : root + "/" + relative }

    /// A human name of the layout for evidence sources.
    var layoutName: String { root.isEmpty ? "." : root }

    /// Walks the layout.
    mutating func walk() throws(ImportError) {
        let headerPath = path("oci-layout")
        let headerData = try view.read(headerPath)
        _ = try parsing(headerPath) { () throws(FormatError) in try OCILayoutHeader.parse(headerData, limits: view.limits) }
        try verifyBlobNames()
        let indexPath = path("index.json")
        guard view.files[indexPath] != nil else {
            throw ImportError(.invalidLayout, "OCI layout has no index.json", entry: indexPath)
        }
        let indexData = try view.read(indexPath)
        let index = try parsing(indexPath) { () throws(FormatError) in try OCIIndex.parse(indexData, limits: view.limits) }
        let cosignImages = index.manifests.filter {
            OCILayoutRole.imageKinds.contains($0.annotation(OCIAnnotation.cosignKind) ?? "")
        }
        soleCosignImage = cosignImages.count == 1 ? cosignImages[0].digest.description : nil
        topLevelDigests = Set(index.manifests.map(\.digest.description))
        for descriptor in index.manifests {
            let role = OCILayoutRole.of(descriptor)
            try visit(descriptor, names: role == .plain ? OCILayoutRole.names(of: descriptor) : [], role: role, parent: nil, depth: 0)
        }
    }

    /// Every `blobs/sha256/*` file must be named by its own SHA-256.
    private func verifyBlobNames() throws(ImportError) {
        let prefix = path("blobs/sha256/")
        for (filePath, file) in view.files where filePath.hasPrefix(prefix) {
            let name = String(filePath.dropFirst(prefix.count))
            guard name == file.sha256 else {
                throw ImportError(.digestMismatch, "content hashes to \(ContentDigest.sha256Reference(file.sha256)), not its file name", entry: filePath)
            }
        }
    }

    /// Whether the blob a descriptor names is in the bundle (size checked; digest known from streaming).
    func locate(_ descriptor: OCIDescriptor) throws(ImportError) -> String? {
        guard let hex = descriptor.digest.sha256Hex else { return nil }
        let preferred = path("blobs/sha256/\(hex)")
        guard let filePath = view.files[preferred] != nil ? preferred : view.pathBySHA256[hex], let file = view.files[filePath] else {
            return nil
        }
        guard file.sha256 == hex else {
            throw ImportError(.digestMismatch, "content hashes to \(ContentDigest.sha256Reference(file.sha256)), descriptor says \(descriptor.digest)", entry: filePath)
        }
        guard file.size == descriptor.size else {
            throw ImportError(.digestMismatch, "blob is \(file.size) bytes, descriptor says \(descriptor.size)", entry: filePath)
        }
        return filePath
    }

    /// The content a descriptor names, verified (size, then digest) before anyone parses it; nil when absent.
    func resolve(_ descriptor: OCIDescriptor) throws(ImportError) -> (data: Data, path: String)? {
        if let embedded = descriptor.data {
            guard Int64(embedded.count) == descriptor.size, descriptor.digest.sha256Hex == view.sha256Hex(embedded) else {
                throw ImportError(.digestMismatch, "embedded data does not match size \(descriptor.size) and digest \(descriptor.digest)",
                                  entry: path("index.json"))
            }
            return (embedded, "data of \(descriptor.digest)")
        }
        guard let filePath = try locate(descriptor) else { return nil }
        return (try view.read(filePath), filePath)
    }

    /// Visits one descriptor: an index (recursing into its children), a manifest, or something else (ignored).
    mutating func visit(_ descriptor: OCIDescriptor, names: [String], role: OCILayoutRole, parent: String?, depth: Int) throws(ImportError) {
        let digest = descriptor.digest.description
        if let hex = descriptor.digest.sha256Hex { findings.mediaTypes[hex] = descriptor.mediaType }
        guard visited.insert(digest).inserted else {
            findings.addNames(names, to: digest)
            return
        }
        guard depth <= view.limits.maxIndexDepth else {
            throw ImportError(.limitExceeded, "indexes nested deeper than \(view.limits.maxIndexDepth) at \(digest)", entry: path("index.json"))
        }
        if MediaType.isIndex(descriptor.mediaType) {
            try visitIndex(descriptor, names: names, role: role, parent: parent, depth: depth)
        } else if MediaType.isManifest(descriptor.mediaType) {
            try visitManifest(descriptor, names: names, role: role, parent: parent)
        }
    }

    private mutating func visitIndex(_ descriptor: OCIDescriptor, names: [String], role: OCILayoutRole, parent: String?, depth: Int) throws(ImportError) {
        let digest = descriptor.digest.description
        guard let (data, blobPath) = try resolve(descriptor) else {
            if role == .plain { addImage(descriptor, names: names, platforms: [], missing: [digest], parent: parent) }
            return
        }
        let index = try parsing(blobPath) { () throws(FormatError) in try OCIIndex.parse(data, limits: view.limits) }
        if let subject = index.subject {
            addGenericReferrer(descriptor, subject: subject.digest.description, artifactType: index.artifactType, annotations: index.annotations)
            return
        }
        if role == .referrer || role.isReferrersTag {
            // A fallback-tag index lists evidence only: its children are referrers or cosign manifests.
            for child in index.manifests {
                try visit(child, names: [], role: role, parent: nil, depth: depth + 1)
            }
            return
        }
        var missing: [String] = []
        for child in index.manifests {
            try visit(child, names: [], role: role == .plain ? .plain : role, parent: digest, depth: depth + 1)
            if let childImage = findings.image(child.digest.description) {
                missing.append(contentsOf: childImage.missingBlobs.filter { !missing.contains($0) })
            }
        }
        if role == .plain {
            let platforms = index.manifests.compactMap { $0.platform?.description }
            addImage(descriptor, names: names, platforms: platforms, missing: missing, parent: parent)
        }
    }

    private mutating func visitManifest(_ descriptor: OCIDescriptor, names: [String], role: OCILayoutRole, parent: String?) throws(ImportError) {
        let digest = descriptor.digest.description
        guard let (data, blobPath) = try resolve(descriptor) else {
            if role == .plain {
                addImage(descriptor, names: names, platforms: [], missing: [digest], parent: parent)
            } else {
                findings.warnings.append("\(layoutName): evidence manifest \(digest) is not in the bundle")
            }
            return
        }
        let manifest = try parsing(blobPath) { () throws(FormatError) in try OCIManifest.parse(data, limits: view.limits) }
        for layer in [manifest.config] + manifest.layers {
            if let hex = layer.digest.sha256Hex { findings.mediaTypes[hex] = layer.mediaType }
        }
        switch role {
        case .signatures(let subject):
            try addCosignEvidence(manifest, descriptor, subject: subject, attestations: false)
        case .attestations(let subject):
            try addCosignEvidence(manifest, descriptor, subject: subject, attestations: true)
        case .sbom:
            return
        case .referrer:
            guard let subject = manifest.subject else {
                findings.warnings.append("\(layoutName): referrer manifest \(digest) has no subject; not linked to any image")
                return
            }
            try addReferrerEvidence(manifest, descriptor, subject: subject.digest.description)
        case .referrersTag(let tagSubject):
            if let subject = manifest.subject {
                try addReferrerEvidence(manifest, descriptor, subject: subject.digest.description)
            } else {
                // cosign's tag fallback (`repo:sha256-<hex>`) without a suffix: evidence about that digest.
                let dsse = manifest.layers.contains { $0.mediaType == MediaType.dsseEnvelope }
                try addCosignEvidence(manifest, descriptor, subject: tagSubject, attestations: dsse)
            }
        case .plain:
            if let subject = manifest.subject {
                try addReferrerEvidence(manifest, descriptor, subject: subject.digest.description)
                return
            }
            var missing: [String] = []
            for blob in [manifest.config] + manifest.layers where blob.data == nil {
                if try locate(blob) == nil, !missing.contains(blob.digest.description) { missing.append(blob.digest.description) }
            }
            let platform = parent == nil ? descriptor.platform?.description : try platformOfChild(descriptor, config: manifest.config)
            addImage(descriptor, names: names, platforms: platform.map { [$0] } ?? [], missing: missing, parent: parent)
        }
    }

    private mutating func addImage(_ descriptor: OCIDescriptor, names: [String], platforms: [String], missing: [String], parent: String?) {
        findings.addImage(ImageRecord(bundleID: findings.bundleID, digest: descriptor.digest.description, names: names,
                                      mediaType: descriptor.mediaType, platforms: platforms, missingBlobs: missing,
                                      parentDigest: parent, layoutPath: root))
    }
}
