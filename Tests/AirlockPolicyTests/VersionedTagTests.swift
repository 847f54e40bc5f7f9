import Foundation
import Testing
import AirlockAppliance
import AirlockFormats
@testable import AirlockVerify

/// `versionedTag` follows slsa-verifier's `--source-versioned-tag`: a `v`-prefixed (partial) semantic
/// version; the pre-release is significant, build metadata is not. Cases restate the shape of
/// slsa-verifier's versioned-tag table with Airlock's own values.
struct VersionedTagTests {
    /// (expected from the policy, tag in the provenance, whether it matches).
    static let cases: [(String, String, Bool)] = [
        ("v4.7.1", "v4.7.1", true),
        ("v4.7.1", "v4.7.1+ci.88", true),              // build metadata ignored
        ("v4.7.1+rel", "v4.7.1", true),
        ("v4.7.1", "4.7.1", false),                    // the v is required
        ("v4.7.1", "v4.7.1-alpha", false),             // a pre-release is not the release
        ("v4.7.1-beta", "v4.7.1-alpha", false),
        ("v4.7.1-beta", "v4.7.1", false),
        ("v4.7.1-beta", "v4.7.1-beta", true),
        ("v4.7.1-beta", "v4.7.1-beta+b7", true),
        ("v4.7.1-rc.2", "v4.7.1-rc.3", false),
        ("v4.7.1", "v4.7.2", false),
        ("v4.7.1", "v4.8.1", false),
        ("v4.7.1", "v5.7.1", false),
        ("v4.7", "v4.7.0", true),                      // partial: any patch of 4.7
        ("v4.7", "v4.7.19", true),
        ("v4.7", "v4.7.19-rc.1", true),
        ("v4.7", "v4.8.0", false),
        ("v4.7", "v4", false),                         // the tag v4 reads as v4.0.0
        ("v4", "v4.0.0", true),
        ("v4", "v4.12.3", true),
        ("v4", "v4.12.3-pre", true),
        ("v4", "v5.0.0", false),
        ("v4", "v40.0.0", false),
        ("v4.0.0", "v4", true),                        // the tag canonicalises like semver.Canonical
        ("v4.7.1", "v4.7", false),
        ("v4", "4", false),
        ("v4.7.1", "v4.7.01", false),                  // leading zeros are not semver
        ("v4.7.1", "v4.7.1.5", false),
        ("v4.7.1", "v4.7.1-", false),
        ("v4.7.1", "release-4.7.1", false),
        ("v4.7.1", "", false),
        ("v4.7", "v4.7-rc.1", false),                  // a pre-release needs a full version
    ]

    @Test(arguments: cases)
    func versionedTagMatching(expected: String, tag: String, matches: Bool) {
        #expect(SemanticTag.matches(tag: tag, expected: expected) == matches, "expected \(expected), tag \(tag)")
    }

    @Test(arguments: ["v1", "v1.2", "v1.2.3", "v1.2.3-rc.1", "v1.2.3+build.7", "v0.0.0-0.a-b"])
    func validVersionedTagsParse(text: String) {
        #expect(SemanticTag(text) != nil)
    }

    @Test(arguments: ["1.2.3", "V1.2.3", "v", "v1.", "v1..3", "v01.2.3", "v1.2-rc", "v1+b", "v1.2.3-", "v1.2.3-a..b", "v1.2.3-01", "v1.2.3+", "v1.2.3.4", "vx"])
    func policyCheckRefusesAnInvalidVersionedTag(text: String) {
        let yaml = """
            version: 1
            name: tags
            rules:
              - name: all
                match: {names: ["*"]}
                attestations:
                  - predicateType: https://slsa.dev/provenance/v1
                    signers: [{issuer: "https://token.actions.githubusercontent.com", san: "https://github.com/acme/x/.github/workflows/r.yml@refs/tags/v1"}]
                    slsa: {builderIDs: ["https://github.com/actions/runner"], versionedTag: "\(text)"}
            """
        do {
            _ = try LoadedPolicy(bytes: Data(yaml.utf8), directory: nil)
            Issue.record("versionedTag \(text) was accepted")
        } catch {
            #expect(error.code == .invalidValue)
            #expect("\(error)".contains("is not a v-prefixed semantic version"))
        }
    }

    /// The `slsa.ref` check names the tag and the version when a pre-release or unprefixed tag is refused.
    @Test(arguments: [("v1.2.3-alpha", "v1.2.3"), ("1.2.3", "v1.2.3"), ("v1.2.3", "v1.2.3-beta"), ("v1.2.3-alpha", "v1.2.3-beta")])
    func refCheckRefusesWithTheReason(tag: String, expected: String) throws {
        let check = try refCheck(tag: tag, expected: expected)
        #expect(check.status == .failed)
        #expect(check.message == "source tag \(tag) is not version \(expected)")
    }

    @Test func refCheckPassesTheVersion() throws {
        let check = try refCheck(tag: "v1.2.3+build.9", expected: "v1.2")
        #expect(check.status == .passed)
        #expect(check.message == "source tag v1.2.3+build.9 is version v1.2")
    }

    private func refCheck(tag: String, expected: String) throws -> CheckResult {
        let predicate = try JSONValue.parse(Data("""
            {"buildDefinition": {"buildType": "https://actions.github.io/buildtypes/workflow/v1",
              "externalParameters": {"workflow": {"ref": "refs/tags/\(tag)", "repository": "https://github.com/acme/x", "path": "r.yml"}},
              "internalParameters": {}, "resolvedDependencies": []},
             "runDetails": {"builder": {"id": "https://github.com/actions/runner"}, "metadata": {}}}
            """.utf8))
        let requirement = SLSARequirement(builderIDs: ["https://github.com/actions/runner"], ref: .versionedTag(expected), certificateCrossCheck: false)
        let checks = SLSAEvaluator.evaluate(requirement, predicateType: SLSAProvenanceV1.predicateType, predicate: predicate,
                                            certificateExtensions: [:], prefix: "")
        return try #require(checks.first { $0.id.hasSuffix("slsa.ref") })
    }
}
