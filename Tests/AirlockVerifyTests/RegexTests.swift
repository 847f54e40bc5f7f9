import Foundation
import Testing
import AirlockFormats
import AirlockTestKit
import AirlockVerify

/// Regular expressions are RE2: linear time whatever the pattern, compiled once, size-limited, and
/// RE2's own error text for a pattern it refuses.
struct RegexTests {
    /// `(pattern, repeated character, suffix, expected)`: the input is 100 000 of the character, then the suffix.
    @Test("catastrophic patterns finish against 100 KB inputs with the right answer", arguments: [
        ("(a+)+$", "a", "!", false),
        ("(a+)+$", "a", "", true),
        ("(.*)*b$", "a", "", false),
        ("(.*)*b$", "a", "b", true),
        ("^(a|a)*$", "a", "", true),
        ("^(a|aa)*c$", "a", "", false),
        ("(x+x+)+y", "x", "", false),
    ])
    func catastrophicPatternsAreLinear(pattern: String, unit: String, suffix: String, expected: Bool) throws {
        let input = String(repeating: unit, count: 100_000) + suffix
        #expect(try StringMatcher.regex(pattern).matches(input) == expected)
    }

    @Test func matchingIsUnanchoredAsInGo() throws {
        let matcher = try StringMatcher.regex("acme/[a-z]+")
        #expect(matcher.matches("https://github.com/acme/tool@refs/tags/v1"))
        #expect(!matcher.matches("https://github.com/other/tool"))
        #expect(try StringMatcher.regex("^acme$").matches("acme") && !(try StringMatcher.regex("^acme$").matches("acme!")))
    }

    @Test func aPatternOverTheSizeLimitIsRefusedNamingTheLimit() throws {
        var limits = Limits.default
        limits.maxRegexPatternBytes = 64
        let error = #expect(throws: PolicyError.self) { try StringMatcher.regex(String(repeating: "a", count: 65), limits: limits) }
        #expect(error?.reason.contains("over the 64-byte limit (maxRegexPatternBytes)") == true, "\(String(describing: error))")
        let overDefault = #expect(throws: PolicyError.self) {
            try StringMatcher.regex(String(repeating: "a", count: Limits.default.maxRegexPatternBytes + 1))
        }
        #expect(overDefault?.reason.contains("over the \(Limits.default.maxRegexPatternBytes)-byte limit") == true, "\(String(describing: overDefault))")
    }

    @Test func aProgramOverRE2sMemoryBudgetIsRefused() throws {
        var limits = Limits.default
        limits.maxRegexMemoryBytes = 64 * 1024
        let error = #expect(throws: PolicyError.self) { try StringMatcher.regex("\\pL{100}", limits: limits) }
        #expect(error?.reason.contains("pattern too large") == true, "\(String(describing: error))")
        #expect(throws: Never.self) { try StringMatcher.regex("\\pL{100}") }  // within the default 8 MiB
        let beyond = #expect(throws: PolicyError.self) { try StringMatcher.regex("(\\pL{1000})") }  // beyond it
        #expect(beyond?.reason.contains("pattern too large") == true, "\(String(describing: beyond))")
    }

    @Test("invalid patterns are refused with RE2's error text", arguments: [
        ("(a)\\1", "invalid escape sequence: \\1"),
        ("(?<=a)b", "invalid perl operator: (?<"),
        ("^https://(github", "missing ): ^https://(github"),
    ])
    func invalidPatternsCarryRE2sErrorText(pattern: String, text: String) throws {
        let error = #expect(throws: PolicyError.self) { try StringMatcher.regex(pattern) }
        #expect(error?.reason.contains(text) == true, "\(String(describing: error))")
    }

    @Test("a self-made certificate (chain fails) never reaches the identity matcher")
    func selfMadeCertificateSkipsIdentity() throws {
        var mini = try MiniSigstore()
        let c = try mini.broken(.leafFromUntrustedCA)
        let verifier = SigstoreVerifier(trust: try TrustMaterial(json: c.trustedRoot))
        let policy = VerificationPolicy(signer: .certificate([CertificateIdentity(
            subjectAlternativeName: try .regex("(a+)+$"), issuer: try .regex("(.*)*b$"))]))
        let result = verifier.verify(try SigstoreBundle.parse(c.bundle), artifact: .bytes(c.artifact), policy: policy, at: Date())
        #expect(!result.verified)
        #expect(result.checks.contains { $0.id == "certificate.chain" && $0.status == .failed })
        let identity = try #require(result.checks.first { $0.id == "identity" })
        #expect(identity.status == .skipped && identity.message == "not evaluated: the certificate chain did not verify")
    }
}
