import Foundation
import AirlockFormats
import AirlockStore

/// One image to export with its signed VSA.
struct ExportedImage {
    var candidate: ApprovalCandidate
    var vsa: SignedStatement
}

/// Writes an OCI image layout (formats.md §9.1) holding the approved images, copied from the blob
/// store, each with its VSA attached twice: as a cosign `.att` tag and as an OCI 1.1 referrer. Standard
/// tools (`oras cp --from-oci-layout`, `skopeo copy oci:`, `crane push`) can copy it into a registry.
struct OCILayoutExporter {
    let store: Store
    let limits: Limits
    let directory: URL

    /// Exports every image; returns the digests of blobs the store did not hold (listed, not fatal:
    /// bundles may omit foreign or shared layers).
    func export(_ images: [ExportedImage], created: Date) throws(ApplianceError) -> [String] {
        let blobs = directory.appendingPathComponent("blobs/sha256", isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: blobs, withIntermediateDirectories: true)
            try Data(#"{"imageLayoutVersion":"1.0.0"}"#.utf8).write(to: directory.appendingPathComponent("oci-layout"))
        } catch {
            throw ApplianceError(.internalError, "cannot create the OCI layout: \(error.localizedDescription)", file: directory.path)
        }
        var entries: [JSONValue] = []
        var missing: [String] = []
        for image in images {
            let digest = image.candidate.imageDigest
            let hex = image.candidate.digestHex
            let manifest = try readBlob(hex, what: "image manifest of \(image.candidate.imageName)")
            let mediaType = JSONValue.mediaType(of: manifest) ?? MediaType.imageManifest
            try copyTree(hex, mediaType: mediaType, depth: 0, missing: &missing)
            let subject = OCIArtifacts.descriptor(mediaType: mediaType, digest: digest, size: manifest.count)
            entries.append(OCIArtifacts.descriptor(mediaType: mediaType, digest: digest, size: manifest.count,
                                                   annotations: [OCIAnnotation.refName: image.candidate.imageName]))
            let att = OCIArtifacts.cosignAttestation(envelope: image.vsa.envelopeJSON)
            for blob in [att.layer, att.config, att.manifest] { try write(blob) }
            let repository = ApprovalStatements.repositoryName(image.candidate.imageName)
            let tag = OCIArtifacts.attestationTag(digest)
            entries.append(att.manifest.descriptor(annotations: [
                OCIAnnotation.refName: repository.isEmpty || image.candidate.imageName == digest ? tag : "\(repository):\(tag)",
                OCIAnnotation.cosignKind: "dev.cosignproject.cosign/atts",
            ]))
            let referrer = OCIArtifacts.sigstoreReferrer(bundle: image.vsa.bundleJSON, subject: subject, created: created)
            for blob in [referrer.layer, OCIArtifacts.emptyConfig, referrer.manifest] { try write(blob) }
            entries.append(referrer.manifest.descriptor(artifactType: MediaType.sigstoreBundleV03))
        }
        var index = JSONObject()
        index["schemaVersion"] = .number(JSONNumber(2))
        index["mediaType"] = .string(MediaType.imageIndex)
        index["manifests"] = .array(entries)
        do {
            try CanonicalJSON.compact(.object(index)).write(to: directory.appendingPathComponent("index.json"))
        } catch {
            throw ApplianceError(.internalError, "cannot write index.json: \(error.localizedDescription)", file: directory.path)
        }
        return Array(Set(missing)).sorted()
    }

    /// Copies a manifest or index and everything it references that the store holds.
    private func copyTree(_ hex: String, mediaType: String, depth: Int, missing: inout [String]) throws(ApplianceError) {
        guard depth <= limits.maxIndexDepth else {
            throw ApplianceError(.badInput, "image indexes nest deeper than \(limits.maxIndexDepth)", field: "sha256:\(hex)")
        }
        let bytes = try readBlob(hex, what: "manifest sha256:\(hex)")
        try copyBlob(hex, missing: &missing)
        do {
            if MediaType.isIndex(mediaType) {
                for child in try OCIIndex.parse(bytes, limits: limits).manifests {
                    guard let childHex = child.digest.sha256Hex else { continue }
                    if store.blobs.contains(sha256: childHex) {
                        try copyTree(childHex, mediaType: child.mediaType, depth: depth + 1, missing: &missing)
                    } else {
                        missing.append(child.digest.description)
                    }
                }
            } else {
                let manifest = try OCIManifest.parse(bytes, limits: limits)
                for blob in [manifest.config] + manifest.layers {
                    guard let blobHex = blob.digest.sha256Hex else { continue }
                    try copyBlob(blobHex, missing: &missing)
                }
            }
        } catch let error as ApplianceError {
            throw error
        } catch {
            throw ApplianceError(.badInput, "stored manifest sha256:\(hex) does not parse: \(error)")
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
    private func copyBlob(_ hex: String, missing: inout [String]) throws(ApplianceError) {
        guard store.blobs.contains(sha256: hex) else {
            missing.append("sha256:\(hex)")
            return
        }
        let target = directory.appendingPathComponent("blobs/sha256/\(hex)")
        guard !FileManager.default.fileExists(atPath: target.path) else { return }
        do {
            let source = try store.blobs.url(sha256: hex)
            try FileManager.default.copyItem(at: source, to: target)
        } catch {
            throw ApplianceError(.internalError, "cannot copy blob sha256:\(hex): \(error)", file: target.path)
        }
    }

    private func write(_ blob: LayoutBlob) throws(ApplianceError) {
        let target = directory.appendingPathComponent("blobs/sha256/\(blob.digest.dropFirst(7))")
        guard !FileManager.default.fileExists(atPath: target.path) else { return }
        do {
            try blob.bytes.write(to: target)
        } catch {
            throw ApplianceError(.internalError, "cannot write blob \(blob.digest): \(error.localizedDescription)", file: target.path)
        }
    }
}

extension JSONValue {
    /// The `mediaType` member of a JSON document, if it parses and has one.
    static func mediaType(of document: Data) -> String? {
        (try? JSONValue.parse(document))?.objectValue?["mediaType"]?.stringValue
    }
}
