import Foundation
import AirlockFormats
import AirlockStore

/// Release artifacts (D21): the plain files of a bundle — binaries, chart tarballs, SBOMs —
/// each a subject by its SHA-256 and named by its path. A file is an artifact unless the importer
/// already uses it: an OCI layout's own files (and the `manifest.json` / `repositories` Docker writes
/// beside one), the files of a `docker save` archive that made images, evidence by name (Sigstore bundles,
/// DSSE, in-toto, gh attestation files, trusted roots, `airlock-bundle.json`) and detached signature
/// material (`.sig`, `.pem`, `.crt`, `.bundle`, `.publish.attestation`), which is evidence Airlock does
/// not verify on its own and never a release file, and the trust material the import itself consumes:
/// the `tuf/` and `checkpoints/` folders (found as `ArchiveFolder` finds them).
enum ArtifactFiles {
    /// Suffixes of detached signature material that is never an artifact.
    static let signatureSuffixes = [".sig", ".pem", ".crt", ".bundle", ".publish.attestation"]
    /// Top-level folders of trust material the import consumes (`import --update-trust-root`, D23 proofs).
    static let trustFolders: Set<Substring> = ["tuf", "checkpoints"]

    /// Adds every artifact to `findings`, by path.
    static func discover(in view: ArchiveView, layoutRoots: [String], findings: inout Findings) {
        let dockerRoots = Set(findings.images.filter { !layoutRoots.contains($0.layoutPath) }.map(\.layoutPath))
        for path in view.files.keys.sorted() {
            guard let file = view.files[path], isArtifact(path, layoutRoots: layoutRoots, dockerRoots: dockerRoots) else { continue }
            findings.artifacts.append(ArtifactRecord(bundleID: findings.bundleID, path: path, sha256: file.sha256, size: file.size))
        }
    }

    /// Whether `path` is a release artifact rather than a file the importer uses.
    static func isArtifact(_ path: String, layoutRoots: [String], dockerRoots: Set<String>) -> Bool {
        if LooseEvidence.isInsideLayout(path, roots: layoutRoots) { return false }
        if LooseEvidence.kind(of: path) != nil || GHAttestationFile.subject(of: path) != nil { return false }
        if signatureSuffixes.contains(where: path.hasSuffix) { return false }
        let parts = path.split(separator: "/")
        if let at = parts.firstIndex(where: trustFolders.contains), at <= 1, at < parts.count - 1 { return false }
        let (folder, name) = split(path)
        if layoutRoots.contains(folder), name == DockerArchive.fileName || name == "repositories" { return false }
        return !dockerRoots.contains { root in root.isEmpty || folder == root || folder.hasPrefix(root + "/") }
    }

    /// The evidence file a name announces for an artifact: `FILE.sigstore.json` or `FILE.sigstore` speaks
    /// about `FILE` (the convention of `cosign sign-blob --bundle` and of GitHub releases).
    static func announcedArtifact(of evidencePath: String) -> String? {
        for suffix in [".sigstore.json", ".sigstore"] where evidencePath.hasSuffix(suffix) {
            return String(evidencePath.dropLast(suffix.count))
        }
        return nil
    }

    private static func split(_ path: String) -> (folder: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return ("", path) }
        return (String(path[..<slash]), String(path[path.index(after: slash)...]))
    }
}
