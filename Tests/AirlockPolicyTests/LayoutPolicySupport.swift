import Foundation
import AirlockFormats
import AirlockTestKit

/// TEST ONLY: a two-step supply chain (build by bob, package by carl) whose final product
/// `image/manifest.json` is an image's manifest, with its layout signed by `owner`.
struct LayoutChain {
    let owner: InTotoWriter.Signer
    let bob: InTotoWriter.Signer
    let carl: InTotoWriter.Signer
    let source = String(repeating: "ab", count: 32)
    /// Further layout owners who also sign the layout (for owner thresholds).
    var coOwners: [InTotoWriter.Signer] = []

    init(coOwners: Int = 0) throws {
        owner = try InTotoWriter.Signer()
        self.coOwners = try (0..<coOwners).map { _ in try InTotoWriter.Signer() }
        bob = try InTotoWriter.Signer()
        carl = try InTotoWriter.Signer()
    }

    /// The signed layout: build creates `src.tar`; package consumes it and creates the manifest; anything else is DISALLOWed.
    func layout() throws -> Data {
        let build = InTotoWriter.step("build", [bob], products: [["CREATE", "src.tar"], ["DISALLOW", "*"]])
        let package = InTotoWriter.step("package", [carl],
                                        materials: [["MATCH", "src.tar", "WITH", "PRODUCTS", "FROM", "build"], ["DISALLOW", "*"]],
                                        products: [["CREATE", "image/manifest.json"], ["DISALLOW", "*"]])
        return try InTotoWriter.metablock(InTotoWriter.layout([bob, carl], steps: [build, package]), by: [owner] + coOwners)
    }

    /// The same layout as a DSSE envelope (ITE-5), as attached to an image.
    func dsseLayout() throws -> Data {
        let build = InTotoWriter.step("build", [bob], products: [["CREATE", "src.tar"], ["DISALLOW", "*"]])
        let package = InTotoWriter.step("package", [carl],
                                        materials: [["MATCH", "src.tar", "WITH", "PRODUCTS", "FROM", "build"], ["DISALLOW", "*"]],
                                        products: [["CREATE", "image/manifest.json"], ["DISALLOW", "*"]])
        return try InTotoWriter.dsseLayout(InTotoWriter.layout([bob, carl], steps: [build, package]), by: [owner] + coOwners)
    }

    /// `root.layout` plus both links, for an image with manifest digest hex `imageHex`; `extraProducts` go into package's link.
    func files(imageHex: String, extraProducts: [String: String] = [:], packageSigner: InTotoWriter.Signer? = nil,
               dropping: Set<String> = []) throws -> [String: Data] {
        var files = ["root.layout": try layout()]
        if !dropping.contains("build") {
            files[bob.linkName("build")] = try InTotoWriter.metablock(InTotoWriter.link("build", products: ["src.tar": source]), by: bob)
        }
        if !dropping.contains("package") {
            let products = extraProducts.merging(["image/manifest.json": imageHex]) { a, _ in a }
            let link = InTotoWriter.link("package", materials: ["src.tar": source], products: products)
            // The file keeps carl's name even when another key signs it.
            files[carl.linkName("package")] = try InTotoWriter.metablock(link, by: packageSigner ?? carl)
        }
        return files
    }

    /// The rule's `layout:` block (indented for `Kit.policy`).
    func requirement(keys: [String]? = nil, threshold: Int = 1, file: String = "root.layout",
                     product: String = "{step: package, path: image/manifest.json}") -> String {
        LayoutChain.requirement(keys: keys ?? [owner.publicPEM], threshold: threshold, file: file, extra: "      product: \(product)")
    }

    static func requirement(keys: [String], threshold: Int, file: String, extra: String) -> String {
        let pems = keys.map { pem in
            "        - |\n" + pem.split(separator: "\n").map { "          \($0)" }.joined(separator: "\n")
        }.joined(separator: "\n")
        return "    layout:\n      threshold: \(threshold)\n      file: \(file)\n      keys:\n\(pems)\n\(extra)"
    }
}
