import Foundation
import Testing
import AirlockAppliance
import AirlockVerify

/// `airlock policy check`: every malformed policy is a distinct, clear error, never a pass.
struct PolicyLintTests {
    static let valid = """
        version: 1
        name: lint
        rules:
          - name: all
            match: {names: ["*"]}
            signatures:
              signers:
                - {issuer: "https://token.actions.githubusercontent.com", sanRegex: "^https://github.com/acme/"}
        """

    private func lint(_ text: String) -> SitePolicyError? {
        do {
            _ = try LoadedPolicy(bytes: Data(text.utf8), directory: nil)
            return nil
        } catch {
            return error
        }
    }

    @Test func validPolicyParsesAndItsDigestIsItsIdentity() throws {
        let policy = try LoadedPolicy(bytes: Data(Self.valid.utf8), directory: nil)
        #expect(policy.policy.rules.count == 1)
        #expect(policy.policy.usedTrustRoots == ["public-good"])
        let again = try LoadedPolicy(bytes: Data((Self.valid + "\n").utf8), directory: nil)
        #expect(policy.sha256 != again.sha256)
        #expect(policy.sha256.count == 64)
    }

    @Test func demoPolicyFixtureIsValid() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/demo-policy.yaml")
        let policy = try LoadedPolicy(bytes: Data(contentsOf: url), directory: nil)
        #expect(policy.policy.rules.count >= 1)
    }

    @Test func unknownKeyIsAnError() throws {
        let error = try #require(lint(Self.valid.replacingOccurrences(of: "signers:", with: "signerz:")))
        #expect(error.code == .unknownKey)
        #expect(error.path == "rules[0].signatures.signerz")
    }

    @Test func badRegexIsAnError() throws {
        let error = try #require(lint(Self.valid.replacingOccurrences(of: "^https://github.com/acme/", with: "^https://(github")))
        #expect(error.code == .badRegex)
        #expect(error.path == "rules[0].signatures.signers[0].sanRegex")
    }

    @Test(arguments: [
        ("signers:\n        - {issuer: \"https://token.actions.githubusercontent.com\", sanRegex: \"^https://github.com/acme/\"}", "signers: []", "rules[0].signatures.signers"),
        ("match: {names: [\"*\"]}", "match: {names: []}", "rules[0].match.names"),
    ])
    func emptyRequirementListIsAnError(original: String, replacement: String, path: String) throws {
        let error = try #require(lint(Self.valid.replacingOccurrences(of: original, with: replacement)))
        #expect(error.code == .emptyRequirement)
        #expect(error.path == path)
    }

    @Test func emptyRulesAndRuleWithoutRequirementsAreErrors() throws {
        let noRules = try #require(lint("version: 1\nrules: []\n"))
        #expect(noRules.code == .emptyRequirement)
        #expect(noRules.path == "rules")
        let nothing = try #require(lint("version: 1\nrules:\n  - match: {names: [\"*\"]}\n"))
        #expect(nothing.code == .emptyRequirement)
        #expect(nothing.reason.contains("requires nothing"))
    }

    @Test func unknownPredicateConditionIsAnError() throws {
        let text = Self.valid + """

                attestations:
                  - predicateType: https://example.com/vuln-scan/v1
                    signers: [{issuer: "https://accounts.example.com", san: "scanner@example.com"}]
                    conditions:
                      - {path: "scanner.result.maxSeverity", lessThan: "HIGH"}
            """
        let error = try #require(lint(text))
        #expect(error.code == .unknownCondition)
        #expect(error.path == "rules[0].attestations[0].conditions[0].lessThan")
        #expect(error.reason.contains("unknown condition \"lessThan\""))
    }

    @Test func slsaConditionsOnAnotherPredicateAreAnUnknownCondition() throws {
        let text = Self.valid + """

                attestations:
                  - predicateType: https://example.com/vuln-scan/v1
                    signers: [{issuer: "https://accounts.example.com", san: "scanner@example.com"}]
                    slsa: {builderIDs: ["https://builder.example.com"]}
            """
        let error = try #require(lint(text))
        #expect(error.code == .unknownCondition)
        #expect(error.path == "rules[0].attestations[0].slsa")
    }

    @Test func otherProblemsHaveTheirOwnCodes() throws {
        #expect(lint("version: 2\nrules: []\n")?.code == .unsupportedVersion)
        #expect(lint("rules: []\n")?.code == .missingField)
        #expect(lint(Self.valid.replacingOccurrences(of: "    match:", with: "    trustRoot: nowhere\n    match:"))?.code == .unknownTrustRoot)
        #expect(lint("version: 1\nrules: [\n")?.code == .malformed)
        var bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        for (name, previous) in [("b", "a"), ("c", "b"), ("d", "c"), ("e", "d"), ("f", "e")] {
            bomb += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ", ") + "]\n"
        }
        let bombError = lint(bomb)
        #expect(bombError?.code == .malformed)
        #expect(bombError?.reason.contains("more than the limit") == true)
        #expect(lint(Self.valid.replacingOccurrences(of: "signers:", with: "threshold: 2\n      signers:"))?.code == .invalidValue)
    }

    @Test func policyCheckNamesTheFileAndPath() throws {
        let workspace = try Workspace()
        let path = try workspace.write(Self.valid.replacingOccurrences(of: "signers:", with: "signerz:"), as: "bad.yaml")
        let error = #expect(throws: ApplianceError.self) { try PolicyService.check(path: path) }
        #expect(error?.kind == .badInput)
        #expect(error?.file == path)
        #expect(error?.field == "rules[0].signatures.signerz")
        #expect(error?.code == "policy.unknown-key", "\(String(describing: error))")
        let good = try workspace.write(Self.valid, as: "good.yaml")
        #expect(try PolicyService.check(path: good).rules == 1)
    }
}
