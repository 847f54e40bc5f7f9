import Foundation
import Testing
import AirlockTestKit

/// `airlock policy check` on a rule's `layout:` requirement.
@Suite("policy check lints layout:")
struct LayoutPolicyCLITests {
    let scratch: ScratchDirectory

    init() throws { scratch = try ScratchDirectory("cli") }

    private func policy(threshold: Int) throws -> String {
        let pem = try InTotoWriter.Signer().publicPEM.split(separator: "\n").map { "            \($0)" }.joined(separator: "\n")
        return """
        version: 1
        name: layouts
        rules:
          - name: all
            match: {names: ["*"]}
            layout:
              threshold: \(threshold)
              file: root.layout
              product: {step: package, path: image/manifest.json}
              keys:
                - |
        \(pem)
        """
    }

    @Test("a layout requirement passes the lint and prints the policy digest")
    func valid() throws {
        let file = try scratch.write(try policy(threshold: 1), as: "layout.yaml")
        let result = try CLI.run(["policy", "check", file.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("sha256:"), "\(result.stdout)")
    }

    @Test("a threshold above the number of keys names the field, exit 2")
    func thresholdAboveKeys() throws {
        let file = try scratch.write(try policy(threshold: 2), as: "layout.yaml")
        let result = try CLI.run(["policy", "check", file.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("rules[0].layout.threshold: threshold must be between 1 and the number of keys (1)"), "\(result.stderr)")
    }
}
