import Foundation
import AirlockFormats
import AirlockStore

/// Evidence discovery inside an OCI layout: cosign tag-style `.sig`/`.att` manifests (docs/formats.md §9.2)
/// and OCI 1.1 referrers (§9.3), each linked to the image digest it speaks about.
extension OCILayoutWalker {
    /// Records every layer of a cosign signature or attestation manifest. The subject comes from the tag
    /// (`sha256-<hex>.sig`), else the simple-signing payload or the DSSE statement, else the layout's sole image.
    mutating func addCosignEvidence(_ manifest: OCIManifest, _ descriptor: OCIDescriptor, subject tagSubject: String?,
                                    attestations: Bool) throws(ImportError) {
        for (position, layer) in manifest.layers.enumerated() {
            let source = "\(layoutName) manifest \(descriptor.digest) layer \(position)"
            guard let hex = layer.digest.sha256Hex, let layerPath = try locate(layer) else {
                findings.warnings.append("\(source): layer \(layer.digest) is not in the bundle")
                continue
            }
            var subject = tagSubject
            var kind: EvidenceKind = attestations ? .cosignAttestation : .cosignSignature
            if layer.mediaType == MediaType.cosignSimpleSigning {
                kind = .cosignSignature
                let payload = try? CosignSimpleSigning.parse(view.read(layerPath), limits: view.limits)
                if let signed = payload?.imageDigest.description {
                    if subject == nil { subject = signed }
                    if subject != signed { findings.warnings.append("\(source): payload signs \(signed), tag says \(subject ?? "")") }
                } else {
                    findings.warnings.append("\(source): simple-signing payload does not parse")
                }
            } else if layer.mediaType == MediaType.dsseEnvelope {
                kind = attestations ? .cosignAttestation : .dsse
                if subject == nil, let data = try? view.read(layerPath) {
                    subject = StatementSubjects.pick(StatementSubjects.fromEnvelope(data), preferring: topLevelDigests)
                }
            } else if MediaType.isSigstoreBundle(layer.mediaType) {
                kind = .sigstoreBundle
            }
            findings.addEvidence(EvidenceRecord(
                sha256: hex, kind: kind, subjectDigest: subject ?? soleCosignImage, bundleID: findings.bundleID, source: source,
                mediaType: layer.mediaType,
                predicateType: layer.annotation(OCIAnnotation.predicateType) ?? manifest.annotations?[OCIAnnotation.sigstorePredicateType],
                annotations: layer.annotations ?? [:]))
        }
    }

    /// Records the signature-bearing layers of a referrer (Sigstore bundles, DSSE envelopes, simple-signing
    /// payloads); a referrer with none of those is recorded as a generic `referrer` on its manifest blob.
    mutating func addReferrerEvidence(_ manifest: OCIManifest, _ descriptor: OCIDescriptor, subject: String) throws(ImportError) {
        var recorded = false
        for (position, layer) in manifest.layers.enumerated() {
            let kind: EvidenceKind
            if MediaType.isSigstoreBundle(layer.mediaType) {
                kind = .sigstoreBundle
            } else if layer.mediaType == MediaType.dsseEnvelope {
                kind = .dsse
            } else if layer.mediaType == MediaType.cosignSimpleSigning {
                kind = .cosignSignature
            } else {
                continue
            }
            let source = "\(layoutName) referrer \(descriptor.digest) layer \(position)"
            guard let hex = layer.digest.sha256Hex, try locate(layer) != nil else {
                findings.warnings.append("\(source): layer \(layer.digest) is not in the bundle")
                continue
            }
            var annotations = manifest.annotations ?? [:]
            annotations.merge(layer.annotations ?? [:]) { _, layerValue in layerValue }
            findings.addEvidence(EvidenceRecord(
                sha256: hex, kind: kind, subjectDigest: subject, bundleID: findings.bundleID, source: source, mediaType: layer.mediaType,
                predicateType: manifest.annotations?[OCIAnnotation.sigstorePredicateType] ?? layer.annotation(OCIAnnotation.predicateType),
                annotations: annotations))
            recorded = true
        }
        if !recorded {
            addGenericReferrer(descriptor, subject: subject, artifactType: manifest.effectiveArtifactType, annotations: manifest.annotations)
        }
    }

    /// Records a referrer manifest (or index) itself as evidence about `subject`.
    mutating func addGenericReferrer(_ descriptor: OCIDescriptor, subject: String, artifactType: String?, annotations: [String: String]?) {
        guard let hex = descriptor.digest.sha256Hex, view.pathBySHA256[hex] != nil else {
            findings.warnings.append("\(layoutName): referrer \(descriptor.digest) has no blob in the bundle")
            return
        }
        findings.addEvidence(EvidenceRecord(
            sha256: hex, kind: .referrer, subjectDigest: subject, bundleID: findings.bundleID,
            source: "\(layoutName) referrer \(descriptor.digest)", mediaType: artifactType ?? descriptor.mediaType,
            predicateType: nil, annotations: annotations ?? [:]))
    }
}

/// Reads the subject digests of an in-toto Statement inside a DSSE envelope, only to link evidence to
/// an image at import time; verification parses the envelope properly and decides what it proves.
enum StatementSubjects {
    /// `sha256:<hex>` of each subject of the Statement in a DSSE envelope (JSON), or of the
    /// `dsseEnvelope` of a Sigstore bundle; empty when the input is not that shape.
    static func fromEnvelope(_ data: Data, limits: Limits = .default) -> [String] {
        guard let root = try? JSONValue.parse(data, limits: limits).objectValue else { return [] }
        let envelope = root["dsseEnvelope"]?.objectValue ?? root
        // Signatures are verification's business: only the payload is read here.
        guard let payload = try? JSONObjectReader(object: envelope).base64("payload"),
              let statement = try? InTotoStatement.parse(payload, limits: limits) else { return [] }
        return statement.subjects.compactMap { subject in
            guard let hex = subject.digest["sha256"], let digest = try? ContentDigest.sha256(hex: hex) else { return nil }
            return digest.description
        }
    }

    /// The subject that is a known image, else the only subject, else nil.
    static func pick(_ subjects: [String], preferring known: Set<String>) -> String? {
        subjects.first { known.contains($0) } ?? (subjects.count == 1 ? subjects[0] : nil)
    }
}
