import Foundation
import AirlockFormats
import AirlockStore

/// `gh attestation download` output: a file named `sha256:<hex>.jsonl` (`sha256-<hex>.jsonl` where `:` is
/// not allowed in file names) holding one Sigstore bundle per line, all about the artifact `sha256:<hex>`.
///
/// Each non-blank line becomes its own blob and its own `sigstoreBundle` evidence record whose subject is
/// the digest the file is named after, so the verifier sees ordinary Sigstore bundles.
enum GHAttestationFile {
    /// The subject digest a file name announces, or nil when the name is not `sha256[:-]<64 hex>.jsonl`.
    static func subject(of path: String) -> String? {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard name.hasSuffix(".jsonl"), name.hasPrefix("sha256:") || name.hasPrefix("sha256-") else { return nil }
        let hex = name.dropFirst("sha256:".count).dropLast(".jsonl".count)
        guard hex.count == 64, let digest = try? ContentDigest.sha256(hex: String(hex)) else { return nil }
        return digest.description
    }

    /// Splits the file into lines and records each as evidence about `subject`. Beyond a limit (file size,
    /// lines per file, bytes derived per import) the import is refused; a blank file is a warning.
    static func discover(path: String, subject: String, in view: ArchiveView, findings: inout Findings) throws(ImportError) {
        let data = try view.read(path)
        let lines = try parsing(path) { () throws(FormatError) in try JSONLines.split(data, limits: view.limits) }
        guard !lines.isEmpty else {
            findings.warnings.append("\(path): no Sigstore bundle in the file")
            return
        }
        let held = findings.derivedBlobs.values.reduce(0) { $0 + $1.count }
        guard held + lines.reduce(0, { $0 + $1.bytes.count }) <= view.limits.maxDerivedBlobBytes else {
            throw ImportError(.limitExceeded, "gh attestation files exceed the \(view.limits.maxDerivedBlobBytes)-byte limit", entry: path)
        }
        for line in lines {
            let hex = view.sha256Hex(line.bytes)
            findings.derivedBlobs[hex] = line.bytes
            findings.addEvidence(EvidenceRecord(sha256: hex, kind: .sigstoreBundle, subjectDigest: subject,
                                                bundleID: findings.bundleID, source: "\(path) line \(line.number)"),
                                  perSource: true)
        }
    }
}
