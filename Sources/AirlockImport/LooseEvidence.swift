import Foundation
import AirlockFormats
import AirlockStore

/// Discovery of evidence files outside OCI layouts, by file name: Sigstore bundles, DSSE envelopes,
/// in-toto layouts and links, trusted roots, the bundle manifest itself, and `gh attestation download` files.
enum LooseEvidence {
    /// The kind a file name announces, or nil for an ordinary file.
    static func kind(of path: String) -> EvidenceKind? {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        if name == ArchiveManifest.fileName { return .airlockManifest }
        if name == "trusted_root.json" { return .trustedRoot }
        if name.hasSuffix(".sigstore.json") || name.hasSuffix(".sigstore") { return .sigstoreBundle }
        if name.hasSuffix(".intoto.jsonl") || name.hasSuffix(".dsse.json") { return .dsse }
        if name.hasSuffix(".layout") { return .intotoLayout }
        if name.hasSuffix(".link") { return .intotoLink }
        return nil
    }

    /// Adds every loose evidence file not inside one of `layoutRoots`; Sigstore bundles and DSSE envelopes
    /// whose Statement names an image or artifact of this bundle are linked to it, and `FILE.sigstore.json`
    /// to the artifact `FILE`.
    static func discover(in view: ArchiveView, layoutRoots: [String], findings: inout Findings) throws(ImportError) {
        let knownSubjects = Set(findings.images.map(\.digest) + findings.artifacts.map(\.digest))
        let artifactByPath = Dictionary(findings.artifacts.map { ($0.path, $0.digest) }, uniquingKeysWith: { first, _ in first })
        for path in view.files.keys.sorted() where !isInsideLayout(path, roots: layoutRoots) {
            if let subject = GHAttestationFile.subject(of: path) {
                try GHAttestationFile.discover(path: path, subject: subject, in: view, findings: &findings)
                continue
            }
            guard let kind = kind(of: path), let file = view.files[path] else { continue }
            var subject: String?
            if kind == .sigstoreBundle || (kind == .dsse && path.hasSuffix(".dsse.json")), let data = try? view.read(path) {
                subject = StatementSubjects.fromEnvelope(data).first { knownSubjects.contains($0) }
            }
            // `FILE.sigstore.json` beside `FILE`: a signature over that release artifact (D21).
            if subject == nil, let named = ArtifactFiles.announcedArtifact(of: path) { subject = artifactByPath[named] }
            findings.addEvidence(EvidenceRecord(sha256: file.sha256, kind: kind, subjectDigest: subject,
                                                bundleID: findings.bundleID, source: path))
        }
    }

    /// Whether a path is one of a layout's own files (`oci-layout`, `index.json`, `blobs/…`).
    static func isInsideLayout(_ path: String, roots: [String]) -> Bool {
        roots.contains { root in
            let prefix = root.isEmpty ? "" : root + "/"
            guard path.hasPrefix(prefix) else { return false }
            let rest = path.dropFirst(prefix.count)
            return rest == "oci-layout" || rest == "index.json" || rest.hasPrefix("blobs/")
        }
    }
}
