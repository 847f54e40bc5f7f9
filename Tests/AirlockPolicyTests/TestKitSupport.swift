import Foundation
import AirlockCrypto
import AirlockFormats
import AirlockTestKit
import AirlockAppliance

/// TEST ONLY: a miniature Sigstore, its trust root on disk, and a layout under construction.
final class Kit {
    var sigstore: MiniSigstore
    var layout = OCILayoutWriter()
    let workspace: Workspace
    let rootPath: String
    var at: Date { sigstore.baseTime.addingTimeInterval(86_400) }

    init() throws {
        sigstore = try MiniSigstore()
        workspace = try Workspace()
        rootPath = try workspace.write(sigstore.trustedRootJSON(), as: "mini_trusted_root.json")
    }

    /// A policy with the miniature trust root declared and one rule over `registry.test/*`.
    func policy(_ requirements: String) -> String {
        """
        version: 1
        name: test-kit
        trustRoots:
          - {name: mini, path: '\(rootPath)'}
        rules:
          - name: test images
            match: {names: ["registry.test/*"]}
            trustRoot: mini
        \(requirements)
        """
    }

    /// `signatures:` requiring keyless signers (each `(issuer, sanRegex)`).
    func signatures(_ signers: [(String, String)], threshold: Int = 1, extra: String = "") -> String {
        let list = signers.map { "        - {issuer: '\($0.0)', sanRegex: '\($0.1)'}" }.joined(separator: "\n")
        return "    signatures:\n      threshold: \(threshold)\n\(extra)      signers:\n\(list)"
    }

    /// Attaches a message-signature bundle over the image manifest as an OCI 1.1 referrer.
    func sign(_ image: OCILayoutWriter.Image, as identity: Identity, options: SigstoreBundleOptions = SigstoreBundleOptions()) throws {
        layout.addReferrer(to: image, bundle: try sigstore.messageBundle(artifact: image.manifest, identity: identity, options: options).json)
    }

    /// Attaches a DSSE attestation about the image as an OCI 1.1 referrer.
    func attest(_ image: OCILayoutWriter.Image, predicateType: String, predicate: JSONValue, as identity: Identity) throws {
        let statement = MiniSigstore.inTotoStatement(subjects: [(name: "image", sha256Hex: image.hex)], predicateType: predicateType, predicate: predicate)
        layout.addReferrer(to: image, bundle: try sigstore.dsseBundle(statement: statement, identity: identity).json)
    }

    /// Imports the layout and verifies `image` under `policy`.
    func verify(_ image: OCILayoutWriter.Image, policy: String) throws -> VerdictSummary {
        try workspace.importLayout(layout, as: UUID().uuidString)
        return try workspace.verify(image.digest, policy: policy, at: at)
    }

    static let workflowIssuer = "https://token.actions.githubusercontent.com"
    static let workflowSAN = "^https://github\\.com/mini-org/mini-repo/"
    static let emailIssuer = "https://accounts.mini.test"

    /// JSON from text, for predicates.
    static func json(_ text: String) -> JSONValue { try! JSONValue.parse(Data(text.utf8)) }
}
