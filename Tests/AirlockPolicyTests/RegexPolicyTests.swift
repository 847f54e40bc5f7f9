import Foundation
import Testing
import AirlockAppliance
import AirlockFormats
import AirlockVerify

/// Site-policy regular expressions are RE2, checked at load (and so by `policy check`): RE2's error
/// text for a pattern it refuses, the size limit named, catastrophic patterns accepted and harmless.
struct RegexPolicyTests {
    private func policy(sanRegex: String) -> String {
        PolicyLintTests.valid.replacingOccurrences(of: "sanRegex: \"^https://github.com/acme/\"", with: "sanRegex: '\(sanRegex)'")
    }

    @Test func aBackreferenceIsRefusedWithRE2sErrorText() throws {
        let error = #expect(throws: SitePolicyError.self) { try LoadedPolicy(bytes: Data(policy(sanRegex: "(a)\\1").utf8), directory: nil) }
        #expect(error?.code == .badRegex && error?.path == "rules[0].signatures.signers[0].sanRegex")
        #expect(error?.reason.contains("invalid escape sequence: \\1") == true, "\(String(describing: error))")
    }

    @Test func aPatternOverTheLimitIsRefusedNamingIt() throws {
        let long = String(repeating: "a", count: Limits.default.maxRegexPatternBytes + 1)
        let error = #expect(throws: SitePolicyError.self) { try LoadedPolicy(bytes: Data(policy(sanRegex: long).utf8), directory: nil) }
        #expect(error?.code == .badRegex && error?.reason.contains("over the 4096-byte limit (maxRegexPatternBytes)") == true,
                "\(String(describing: error))")
    }

    @Test func catastrophicPatternsLoadAndMatchQuickly() throws {
        let loaded = try LoadedPolicy(bytes: Data(policy(sanRegex: "(.*)*b$").utf8), directory: nil)
        #expect(loaded.policy.rules.count == 1)
        let matcher = try StringMatcher.regex("(.*)*b$")
        #expect(!matcher.matches(String(repeating: "a", count: 100_000)))
    }

    @Test func policyCheckReportsRE2sErrorText() throws {
        let workspace = try Workspace()
        let path = try workspace.write(policy(sanRegex: "(?<=a)b"), as: "policy.yaml")
        let error = #expect(throws: ApplianceError.self) { try PolicyService.check(path: path) }
        #expect(error?.code == "policy.bad-regex" && error?.reason.contains("invalid perl operator: (?<") == true, "\(String(describing: error))")
    }
}
