import Foundation

/// Writes an approval's files into its output directory; `discard()` removes what it made if a later
/// step fails, so a refused or failed approval leaves nothing behind.
struct ApprovalWriter {
    let directory: URL
    private let created: Bool

    /// Claims the directory: it must not exist or be empty.
    init(directory: URL) throws(ApplianceError) {
        self.directory = directory
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: directory.path, isDirectory: &isDirectory) {
            let contents = (try? manager.contentsOfDirectory(atPath: directory.path)) ?? ["?"]
            guard isDirectory.boolValue, contents.isEmpty else {
                throw ApplianceError(.badInput, "the output directory must not exist or be empty", file: directory.path)
            }
            created = false
        } else {
            do {
                try manager.createDirectory(at: directory, withIntermediateDirectories: true)
            } catch {
                throw ApplianceError(.badInput, "cannot create the output directory: \(error.localizedDescription)", file: directory.path)
            }
            created = true
        }
    }

    func url(_ relative: String) -> URL { directory.appendingPathComponent(relative) }

    /// Writes the signed manifest, the VSAs, the policies, the public key, `approval.json` and the README.
    func write(manifest: SignedStatement, vsas: [ExportedImage], policies: [AdmissionPolicyFile], publicKeyPEM: String,
               report: inout ApprovalReport) throws(ApplianceError) {
        var files: [(String, Data)] = [
            ("approval.intoto.json", manifest.envelopeJSON),
            ("approval.sigstore.json", manifest.bundleJSON),
            ("appliance.pub.pem", Data(publicKeyPEM.utf8)),
        ]
        for image in vsas {
            let base = "vsa/" + image.candidate.imageDigest.replacingOccurrences(of: ":", with: "-")
            files.append(("\(base).intoto.json", image.vsa.envelopeJSON))
            files.append(("\(base).sigstore.json", image.vsa.bundleJSON))
        }
        for policy in policies { files.append(("policies/\(policy.fileName)", Data(policy.yaml.utf8))) }
        report.files = files.map(\.0) + ["oci/", "approval.json", "README.md"]
        files.append(("README.md", Data(ApprovalReadme.text(report).utf8)))
        do {
            files.append(("approval.json", try ApplianceJSON.encoder().encode(report)))
        } catch {
            throw ApplianceError(.internalError, "cannot encode approval.json: \(error)")
        }
        for (name, data) in files {
            let target = url(name)
            do {
                try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                try data.write(to: target)
            } catch {
                throw ApplianceError(.internalError, "cannot write \(name): \(error.localizedDescription)", file: target.path)
            }
        }
    }

    /// Removes everything written (the directory itself too when this writer created it).
    func discard() {
        let manager = FileManager.default
        if created {
            try? manager.removeItem(at: directory)
        } else {
            for name in (try? manager.contentsOfDirectory(atPath: directory.path)) ?? [] {
                try? manager.removeItem(at: directory.appendingPathComponent(name))
            }
        }
    }
}
