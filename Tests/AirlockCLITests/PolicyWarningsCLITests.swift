import Foundation
import Testing
import AirlockTestKit

/// `airlock policy check` prints advice about overlapping signers, in text and in its JSON, and still exits 0.
@Suite("policy check warnings")
struct PolicyWarningsCLITests {
    static let policy = """
        version: 1
        name: overlap
        rules:
          - name: all
            match: {names: ["*"]}
            signatures:
              threshold: 2
              signers:
                - {issuer: "https://token.actions.githubusercontent.com", sanRegex: "^https://github\\\\.com/acme/"}
                - {issuer: "https://token.actions.githubusercontent.com", san: "https://github.com/acme/app/.github/workflows/r.yml@refs/heads/main"}
        """
    static let warning = "rules[0].signatures.signers[1]: has an exact SAN matched by the sanRegex of rules[0].signatures.signers[0]; one signature counts toward only one of them"

    @Test("text and JSON carry the warning")
    func overlappingSignersWarn() throws {
        let scratch = try ScratchDirectory("cli")
        defer { scratch.remove() }
        let file = try scratch.write(Self.policy, as: "overlap.yaml")
        let text = try CLI.run(["policy", "check", file.path])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("warning: \(Self.warning)"), "\(text.stdout)")
        let json = try CLI.run(["policy", "check", "--output", "json", file.path])
        #expect(json.status == 0, "\(json.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect(object?["warnings"] as? [String] == [Self.warning], "\(json.stdout)")
    }
}
