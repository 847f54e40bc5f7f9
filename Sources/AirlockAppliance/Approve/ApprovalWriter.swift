import Foundation

/// Writes an approval's files into a staging directory beside the output directory, on the same file
/// system (`.<name>.airlock-staging-<random>`); `commit()` renames it into place once the approval is
/// recorded, `discard()` removes it. A killed `approve` therefore never leaves a signed approval at the
/// output path that the appliance did not record.
struct ApprovalWriter {
    /// The output directory the operator named.
    let directory: URL
    /// Where the files are written until `commit()`.
    let staging: URL

    /// The marker in every staging directory's name (`approvals verify` refuses files under one).
    static let stagingMarker = ".airlock-staging-"

    /// Checks the output directory (it must not exist or be empty) and creates the staging directory.
    init(directory: URL) throws(ApplianceError) {
        self.directory = directory.standardizedFileURL
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: directory.path, isDirectory: &isDirectory) {
            let contents = (try? manager.contentsOfDirectory(atPath: directory.path)) ?? ["?"]
            guard isDirectory.boolValue, contents.isEmpty else {
                throw ApplianceError(.badInput, "the output directory must not exist or be empty", file: directory.path)
            }
        }
        let parent = self.directory.deletingLastPathComponent()
        let random = UUID().uuidString.prefix(8).lowercased()
        staging = parent.appendingPathComponent(".\(self.directory.lastPathComponent)\(Self.stagingMarker)\(random)", isDirectory: true)
        do {
            try manager.createDirectory(at: parent, withIntermediateDirectories: true)
            try manager.createDirectory(at: staging, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        } catch {
            throw ApplianceError(.badInput, "cannot create the output directory: \(error.localizedDescription)", file: directory.path)
        }
    }

    /// Whether a path lies inside a staging directory (an approval that was never committed).
    static func isStaged(_ path: String) -> Bool {
        URL(fileURLWithPath: path).standardizedFileURL.pathComponents.contains { $0.hasPrefix(".") && $0.contains(stagingMarker) }
    }

    func url(_ relative: String) -> URL { staging.appendingPathComponent(relative) }

    /// Writes the signed manifest, the VSAs, the policies, the public key, `approval.json` and the README.
    func write(manifest: SignedStatement, vsas: [ExportedImage], policies: [AdmissionPolicyFile], publicKeyPEM: String,
               copies: [RegistryCopy], report: inout ApprovalReport) throws(ApplianceError) {
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
        files.append(("README.md", Data(ApprovalReadme.text(report, copies: copies).utf8)))
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

    /// Flushes every written file to disk before the approval is recorded.
    func flush() throws(ApplianceError) {
        sync()
    }

    /// Renames the staging directory onto the output path (replacing it if it is an empty directory) and
    /// makes the output readable like any directory the operator creates.
    func commit() throws(ApplianceError) {
        try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: staging.path)
        guard rename(staging.path, directory.path) == 0 else {
            let reason = String(cString: strerror(errno))
            throw ApplianceError(.internalError, "the approval was recorded but could not be moved into place (\(reason)); its files are in \(staging.path)",
                                 file: directory.path)
        }
        let parent = open(directory.deletingLastPathComponent().path, O_RDONLY)
        if parent >= 0 {
            _ = fsync(parent)
            close(parent)
        }
    }

    /// Removes the staging directory and everything in it.
    func discard() {
        try? FileManager.default.removeItem(at: staging)
    }
}
