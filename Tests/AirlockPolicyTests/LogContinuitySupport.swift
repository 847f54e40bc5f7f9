import Foundation
import Testing
import AirlockCrypto
import AirlockFormats
import AirlockAppliance
import AirlockTestKit

/// TEST ONLY: Rekor v2 signing with control over the checkpoint carried in the bundle.
extension Kit {
    /// The trust-root library of the workspace, with the kit's root stored as `mini` (for `checkpoint add`).
    func library(storingRoot: Bool = false) throws -> TrustRootLibrary {
        let library = TrustRootLibrary(stateDirectory: workspace.state)
        if storingRoot { _ = try library.add("mini", file: rootPath) }
        return library
    }

    /// Signs `image` in the Rekor v2 log of `sigstore` (the kit's own by default), appending the cosignature
    /// lines `cosign` returns for the checkpoint's note text; returns the checkpoint note as carried.
    @discardableResult
    func signV2(_ image: OCILayoutWriter.Image, with sigstore: inout MiniSigstore,
                cosign: (String) throws -> [String] = { _ in [] }) throws -> String {
        let made = try sigstore.messageBundle(artifact: image.manifest, identity: .githubWorkflow, options: .rekorV2)
        var carried = ""
        let json = try Self.rewriteCheckpoint(made.json) { note in
            carried = SignedNoteWriter.appending(try cosign(SignedNoteWriter.text(of: note)), to: note)
            return carried
        }
        layout.addReferrer(to: image, bundle: json)
        return carried
    }

    /// As `signV2(_:with:cosign:)` with the kit's own sigstore.
    @discardableResult
    func signV2(_ image: OCILayoutWriter.Image, cosign: (String) throws -> [String] = { _ in [] }) throws -> String {
        var own = sigstore
        defer { sigstore = own }
        return try signV2(image, with: &own, cosign: cosign)
    }

    /// A policy requiring one workflow signature (and `extra` rule keys, e.g. witnesses).
    func workflowPolicy(_ extra: String = "") -> String {
        policy(signatures([(Kit.workflowIssuer, Kit.workflowSAN)]) + extra)
    }

    /// Replaces the first tlog entry's checkpoint envelope of a bundle.
    static func rewriteCheckpoint(_ json: Data, _ change: (String) throws -> String) throws -> Data {
        var top = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        var material = try #require(top["verificationMaterial"] as? [String: Any])
        var entries = try #require(material["tlogEntries"] as? [[String: Any]])
        var proof = try #require(entries[0]["inclusionProof"] as? [String: Any])
        var checkpoint = try #require(proof["checkpoint"] as? [String: Any])
        checkpoint["envelope"] = try change(try #require(checkpoint["envelope"] as? String))
        proof["checkpoint"] = checkpoint
        entries[0]["inclusionProof"] = proof
        material["tlogEntries"] = entries
        top["verificationMaterial"] = material
        return try JSONSerialization.data(withJSONObject: top, options: [.sortedKeys])
    }

    /// A C2SP tlog-witness add-checkpoint body: `old <size>`, the proof lines, a blank line, the note.
    static func addCheckpointBody(old: Int64, proof: [Data], note: String) -> String {
        (["old \(old)"] + proof.map(Base64.encode)).joined(separator: "\n") + "\n\n" + note
    }
}
