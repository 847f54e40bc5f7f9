import Foundation
import AirlockCrypto
import AirlockFormats
import AirlockStore

/// One image to export with its signed VSA.
struct ExportedImage {
    var candidate: ApprovalCandidate
    var vsa: SignedStatement
}

/// Writes an OCI image layout (docs/formats.md §9.1) holding the approved images, copied from the blob
/// store, each with its VSA attached twice: as a cosign `.att` tag and as an OCI 1.1 referrer (named
/// `<repo>:sha256-<hex>.sigstore-bundle` in `index.json`). `skopeo copy oci:` copies each entry into a
/// registry digest for digest (`RegistryCopy`).
struct OCILayoutExporter {
    let store: Store
    let limits: Limits
    let directory: URL

    /// Exports every image; returns the digests of blobs the store did not hold (listed, not fatal:
    /// bundles may omit foreign or shared layers).
    func export(_ images: [ExportedImage], created: Date) throws(ApplianceError) -> [String] {
        do {
            try FileManager.default.createDirectory(at: directory.appendingPathComponent("blobs/sha256", isDirectory: true),
                                                    withIntermediateDirectories: true)
        } catch {
            throw ApplianceError(.internalError, "cannot create the OCI layout: \(error.localizedDescription)", file: directory.path)
        }
        var layout = OCIImageLayoutBuilder(sha256: { Digest.sha256($0) })
        var missing: [String] = []
        for image in images {
            let digest: ContentDigest
            do {
                digest = try ContentDigest(parsing: image.candidate.imageDigest)
            } catch {
                throw ApplianceError(.badInput, "image digest \(image.candidate.imageDigest) does not parse: \(error)")
            }
            let manifest = try readBlob(digest.encoded, what: "image manifest of \(image.candidate.imageName)")
            let mediaType = JSONValue.mediaType(of: manifest) ?? MediaType.imageManifest
            try copyTree(digest, mediaType: mediaType, depth: 0, missing: &missing)
            let subject = OCIDescriptor(mediaType: mediaType, digest: digest, size: Int64(manifest.count))
            layout.list(subject, annotations: [OCIAnnotation.refName: image.candidate.imageName])
            let attestation = OCIArtifacts.addCosignAttestation(envelope: image.vsa.envelopeJSON, to: &layout)
            let repository = ApprovalStatements.repositoryName(image.candidate.imageName)
            let tag = OCIArtifacts.attestationTag(digest)
            let bare = repository.isEmpty || image.candidate.imageName == image.candidate.imageDigest
            layout.list(attestation, annotations: [
                OCIAnnotation.refName: bare ? tag : "\(repository):\(tag)",
                OCIAnnotation.cosignKind: "dev.cosignproject.cosign/atts",
            ])
            // Named too (`<repo>:sha256-<hex>.sigstore-bundle`), so skopeo, which addresses layout entries only
            // by name, can copy it; the README pushes it by digest (RegistryCopy).
            let referrerTag = "\(digest.algorithm)-\(digest.encoded)\(RegistryCopy.referrerSuffix)"
            layout.list(OCIArtifacts.addSigstoreReferrer(bundle: image.vsa.bundleJSON, subject: subject, created: created, to: &layout),
                        annotations: [OCIAnnotation.refName: bare ? referrerTag : "\(repository):\(referrerTag)"])
        }
        for (path, bytes) in layout.files.sorted(by: { $0.key < $1.key }) {
            try write(bytes, to: path)
        }
        return Array(Set(missing)).sorted()
    }

    /// Copies a manifest or index (a `sha256` digest) and everything it references that the store holds.
    private func copyTree(_ digest: ContentDigest, mediaType: String, depth: Int, missing: inout [String]) throws(ApplianceError) {
        guard depth <= limits.maxIndexDepth else {
            throw ApplianceError(.badInput, "image indexes nest deeper than \(limits.maxIndexDepth)", field: digest.description)
        }
        let bytes = try readBlob(digest.encoded, what: "manifest \(digest)")
        try copyBlob(digest, missing: &missing)
        do {
            if MediaType.isIndex(mediaType) {
                for child in try OCIIndex.parse(bytes, limits: limits).manifests {
                    guard let childHex = child.digest.sha256Hex else { continue }
                    if store.blobs.contains(sha256: childHex) {
                        try copyTree(child.digest, mediaType: child.mediaType, depth: depth + 1, missing: &missing)
                    } else {
                        missing.append(child.digest.description)
                    }
                }
            } else {
                let manifest = try OCIManifest.parse(bytes, limits: limits)
                for blob in [manifest.config] + manifest.layers where blob.digest.sha256Hex != nil {
                    try copyBlob(blob.digest, missing: &missing)
                }
            }
        } catch let error as ApplianceError {
            throw error
        } catch {
            throw ApplianceError(.badInput, "stored manifest \(digest) does not parse: \(error)")
        }
    }

    private func readBlob(_ hex: String, what: String) throws(ApplianceError) -> Data {
        do {
            return try store.blobs.read(sha256: hex, maxBytes: limits.maxMetadataBytes)
        } catch {
            throw ApplianceError(.badInput, "the \(what) is not in the blob store: \(error)")
        }
    }

    /// Copies a stored blob into the layout (never a hard link: editing the export must not touch the store).
    private func copyBlob(_ digest: ContentDigest, missing: inout [String]) throws(ApplianceError) {
        let hex = digest.encoded
        guard store.blobs.contains(sha256: hex) else {
            missing.append(digest.description)
            return
        }
        let target = directory.appendingPathComponent("blobs/sha256/\(hex)")
        guard !FileManager.default.fileExists(atPath: target.path) else { return }
        try storeCall { try store.blobs.checkIntegrity(sha256: hex) }  // never export a corrupt blob
        do {
            let source = try store.blobs.url(sha256: hex)
            try FileManager.default.copyItem(at: source, to: target)
        } catch {
            throw ApplianceError(.internalError, "cannot copy blob \(digest): \(error)", file: target.path)
        }
    }

    /// Writes one file of the built layout; a blob already copied from the store is left as it is.
    private func write(_ bytes: Data, to path: String) throws(ApplianceError) {
        let target = directory.appendingPathComponent(path)
        guard !path.hasPrefix("blobs/") || !FileManager.default.fileExists(atPath: target.path) else { return }
        do {
            try bytes.write(to: target)
        } catch {
            throw ApplianceError(.internalError, "cannot write \(path): \(error.localizedDescription)", file: target.path)
        }
    }
}

extension JSONValue {
    /// The `mediaType` member of a JSON document, if it parses and has one.
    static func mediaType(of document: Data) -> String? {
        (try? JSONValue.parse(document))?.objectValue?["mediaType"]?.stringValue
    }
}
