import Foundation
import AirlockCrypto
import AirlockFormats
import AirlockTestKit

/// The demo app's in-toto supply chain: clone → build → package, whose final product is the app image's
/// manifest. The layout (signed by the project owner, whose key the demo policy lists) is a DSSE envelope
/// (ITE-5) attached to the image as an OCI referrer, so it travels with the image through registries and
/// carriers that copy only OCI content (no loose file); each step's link is a DSSE link attestation
/// (predicate v0.3) attached the same way, signed by the step's functionary (`ci` clones and builds,
/// `packager` packages).
struct DemoLayout {
    /// The step and product path that must be the image.
    static let productStep = "package"
    static let productPath = "image/manifest.json"
    /// When the layout expires (verdicts are made at import time).
    static let expires = "2036-01-01T00:00:00Z"

    /// The sources `clone` checks out (path → contents).
    static let sources = [
        "demo-app/VERSION": DemoRelease.images[0].text,
        "demo-app/Containerfile": "FROM scratch\nCOPY app/VERSION /app/VERSION\nENTRYPOINT [\"/bin/cat\", \"/app/VERSION\"]\n",
    ]

    /// Each step's command, as the layout expects it and the link records it.
    static let commands = ["clone": ["git", "clone", DemoProject.repository], "build": ["make", "layer"], "package": ["make", "image"]]

    let owner: InTotoWriter.Signer
    let ci: InTotoWriter.Signer
    let packager: InTotoWriter.Signer
    /// The layout as a DSSE envelope signed by the owner, signed once so that both releases attach the
    /// same bytes (two different layouts attached to one image are ambiguous and fail).
    let envelope: Data

    init() throws {
        owner = try InTotoWriter.Signer()
        ci = try InTotoWriter.Signer()
        packager = try InTotoWriter.Signer()
        envelope = try Self.signedLayout(owner: owner, ci: ci, packager: packager)
    }

    /// The layout (clone → build → package) in a DSSE envelope signed by `owner`.
    private static func signedLayout(owner: InTotoWriter.Signer, ci: InTotoWriter.Signer, packager: InTotoWriter.Signer) throws -> Data {
        let clone = InTotoWriter.step("clone", [ci], products: [["CREATE", "demo-app/*"], ["DISALLOW", "*"]], expectedCommand: Self.commands["clone"]!)
        let build = InTotoWriter.step("build", [ci],
                                      materials: [["MATCH", "demo-app/*", "WITH", "PRODUCTS", "FROM", "clone"], ["DISALLOW", "*"]],
                                      products: [["CREATE", "app-layer.tar"], ["DISALLOW", "*"]], expectedCommand: Self.commands["build"]!)
        let package = InTotoWriter.step(Self.productStep, [packager],
                                        materials: [["MATCH", "app-layer.tar", "WITH", "PRODUCTS", "FROM", "build"], ["DISALLOW", "*"]],
                                        products: [["CREATE", Self.productPath], ["DISALLOW", "*"]], expectedCommand: Self.commands["package"]!)
        return try InTotoWriter.dsseLayout(InTotoWriter.layout([ci, packager], steps: [clone, build, package], expires: Self.expires), by: [owner])
    }

    /// The three link attestations for an image with this layer and manifest.
    func links(layer: OCIDescriptor, manifest: OCIDescriptor) throws -> [Data] {
        let sources = Self.sources.mapValues { Hex.encode(Digest.sha256(Data($0.utf8))) }
        let layerFile = ["app-layer.tar": layer.digest.encoded]
        return [
            try InTotoWriter.linkAttestation("clone", products: sources, by: ci, command: Self.commands["clone"]!),
            try InTotoWriter.linkAttestation("build", materials: sources, products: layerFile, by: ci, command: Self.commands["build"]!),
            try InTotoWriter.linkAttestation(Self.productStep, materials: layerFile, products: [Self.productPath: manifest.digest.encoded],
                                             by: packager, command: Self.commands["package"]!),
        ]
    }

    /// The demo policy's `layout:` block for the app rule (indented under a rule): no `file`, so the layout
    /// too is read from the image's attestations.
    func policyBlock() -> String {
        let pem = owner.publicPEM.split(separator: "\n").map { "          \($0)" }.joined(separator: "\n")
        return """
            layout:
              threshold: 1
              keys:
                - |
        \(pem)
              predicateType: \(PredicateType.inTotoLinkV03)
              product: {step: \(Self.productStep), path: \(Self.productPath)}
        """
    }
}
