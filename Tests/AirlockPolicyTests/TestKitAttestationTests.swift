import Foundation
import Testing
import AirlockAppliance
import AirlockFormats
import AirlockVerify
import AirlockTestKit

/// Attestation requirements on test-kit images: generic predicate conditions (a vulnerability scan's
/// maximum severity) and SLSA v1 provenance with the certificate cross-check.
struct TestKitAttestationTests {
    static let vulnType = "https://cosign.sigstore.dev/attestation/vuln/v1"
    static let commit = "0123456789abcdef0123456789abcdef01234567"

    static func scan(_ severity: String) -> JSONValue {
        Kit.json("{\"scanner\":{\"uri\":\"pkg:mini/scanner@1\",\"result\":{\"summary\":{\"maxSeverity\":\"\(severity)\",\"findings\":[\"CVE-1\"]}}}}")
    }

    func vulnPolicy(_ kit: Kit, condition: String) -> String {
        kit.policy("""
                attestations:
                  - predicateType: \(Self.vulnType)
                    signers: [{issuer: '\(Kit.emailIssuer)', san: signer@mini.test}]
                    conditions:
                      - \(condition)
            """)
    }

    @Test(arguments: [
        ("{path: scanner.result.summary.maxSeverity, in: [NONE, LOW]}", "LOW", true, ""),
        ("{path: scanner.result.summary.maxSeverity, in: [NONE, LOW]}", "CRITICAL", false, "scanner.result.summary.maxSeverity is \"CRITICAL\", not one of \"NONE\", \"LOW\""),
        ("{path: '$.scanner.result.summary.maxSeverity', matches: '^(NONE|LOW)$'}", "HIGH", false, "does not match /^(NONE|LOW)$/"),
        ("{path: 'scanner.result.summary.findings[0]', equals: CVE-1}", "HIGH", true, ""),
        ("{path: scanner.result.missing, equals: 1}", "LOW", false, "scanner.result.missing is absent from the predicate"),
    ])
    func genericConditionOnAVulnerabilityScan(condition: String, severity: String, passes: Bool, reason: String) throws {
        let kit = try Kit()
        let image = kit.layout.addImage(seed: "v", name: "registry.test/app:1")
        try kit.attest(image, predicateType: Self.vulnType, predicate: Self.scan(severity), as: .email)
        let verdict = try kit.verify(image, policy: vulnPolicy(kit, condition: condition))
        #expect((verdict.result == "PASS") == passes, "\(verdict.firstFailure?.message ?? "")")
        if !passes {
            #expect(verdict.failedCheck == "condition[0]")
            #expect(verdict.firstFailure?.message.contains(reason) == true, "\(verdict.firstFailure?.message ?? "")")
            #expect(verdict.checks.last?.id == "attestation[0]" && verdict.checks.last?.status == .failed)
        }
    }

    @Test func attestationByAnUnlistedSignerFails() throws {
        let kit = try Kit()
        let image = kit.layout.addImage(seed: "v", name: "registry.test/app:1")
        try kit.attest(image, predicateType: Self.vulnType, predicate: Self.scan("LOW"), as: .githubWorkflow)
        let verdict = try kit.verify(image, policy: vulnPolicy(kit, condition: "{path: scanner.result.summary.maxSeverity, in: [LOW]}"))
        #expect(verdict.failedCheck == "signer")
        #expect(verdict.firstFailure?.message.contains("who is not a listed signer for \(Self.vulnType)") == true)
    }

    @Test func attestationAboutAnotherImageDoesNotCount() throws {
        let kit = try Kit()
        let image = kit.layout.addImage(seed: "v", name: "registry.test/app:1")
        let other = kit.layout.addImage(seed: "w", name: "registry.test/app:2")
        let statement = MiniSigstore.inTotoStatement(subjects: [(name: "other", sha256Hex: other.hex)], predicateType: Self.vulnType, predicate: Self.scan("LOW"))
        kit.layout.addReferrer(to: image, bundle: try kit.sigstore.dsseBundle(statement: statement, identity: .email).json)
        let verdict = try kit.verify(image, policy: vulnPolicy(kit, condition: "{path: scanner.result.summary.maxSeverity, in: [LOW]}"))
        #expect(verdict.failedCheck == "signature.subject")
        #expect(verdict.firstFailure?.message == "provided artifact digest does not match any subject digest in the DSSE statement")
    }

    @Test func looseBundleFileAboutTheImageCounts() throws {
        let kit = try Kit()
        let image = kit.layout.addImage(seed: "l", name: "registry.test/app:1")
        let statement = MiniSigstore.inTotoStatement(subjects: [(name: "image", sha256Hex: image.hex)], predicateType: Self.vulnType, predicate: Self.scan("NONE"))
        let bundle = try kit.sigstore.dsseBundle(statement: statement, identity: .email).json
        try kit.workspace.importLayout(kit.layout, as: "loose", extraFiles: ["scan.sigstore.json": bundle])
        let verdict = try kit.workspace.verify(image.digest, policy: vulnPolicy(kit, condition: "{path: scanner.result.summary.maxSeverity, in: [NONE]}"), at: kit.at)
        #expect(verdict.result == "PASS", "\(verdict.firstFailure?.message ?? "")")
        #expect(verdict.has(".signature.dsse", .passed))
    }

    static func provenance(repository: String = "https://github.com/mini-org/mini-repo", ref: String = "refs/heads/main",
                           commit: String = commit) -> JSONValue {
        Kit.json("""
            {"buildDefinition":{"buildType":"https://actions.github.io/buildtypes/workflow/v1",
              "externalParameters":{"workflow":{"ref":"\(ref)","repository":"\(repository)","path":".github/workflows/release.yml"}},
              "resolvedDependencies":[{"uri":"git+\(repository)@\(ref)","digest":{"gitCommit":"\(commit)"}}]},
             "runDetails":{"builder":{"id":"https://github.com/mini-org/mini-repo/.github/workflows/release.yml@refs/heads/main"},
              "metadata":{"invocationId":"1"}}}
            """)
    }

    func slsaPolicy(_ kit: Kit, _ extra: String = "") -> String {
        kit.policy("""
                attestations:
                  - predicateType: https://slsa.dev/provenance/v1
                    signers: [{issuer: '\(Kit.workflowIssuer)', sanRegex: '\(Kit.workflowSAN)'}]
                    slsa:
                      builderIDs: [https://github.com/mini-org/mini-repo/.github/workflows/release.yml]
                      buildTypes: [https://actions.github.io/buildtypes/workflow/v1]
                      sourceRepository: https://github.com/mini-org/mini-repo
                      refPattern: ^refs/heads/main$
                      sourceCommit: \(Self.commit)
                      externalParameters: {workflow: {ref: refs/heads/main, repository: 'https://github.com/mini-org/mini-repo', path: .github/workflows/release.yml}}
            \(extra)
            """)
    }

    @Test func slsaV1ProvenancePasses() throws {
        let kit = try Kit()
        let image = kit.layout.addImage(seed: "p", name: "registry.test/app:1")
        try kit.attest(image, predicateType: "https://slsa.dev/provenance/v1", predicate: Self.provenance(), as: .githubWorkflow)
        let verdict = try kit.verify(image, policy: slsaPolicy(kit))
        #expect(verdict.result == "PASS", "\(verdict.firstFailure?.message ?? "")")
        for check in ["slsa.builder", "slsa.buildType", "slsa.source", "slsa.ref", "slsa.commit", "slsa.externalParameters", "slsa.certificate"] {
            #expect(verdict.has(check, .passed), "\(check)")
        }
    }

    @Test(arguments: [
        (provenance(repository: "https://github.com/mini-org/forked-repo"), "slsa.source", "source repository github.com/mini-org/forked-repo is not github.com/mini-org/mini-repo"),
        (provenance(ref: "refs/heads/dev"), "slsa.ref", "source ref refs/heads/dev does not match /^refs/heads/main$/"),
        (provenance(commit: "ffffffffffffffffffffffffffffffffffffffff"), "slsa.commit", "source commit ffffffffffffffffffffffffffffffffffffffff is not \(commit)"),
    ])
    func slsaV1ProvenanceFailsForItsReason(predicate: JSONValue, check: String, reason: String) throws {
        let kit = try Kit()
        let image = kit.layout.addImage(seed: "p", name: "registry.test/app:1")
        try kit.attest(image, predicateType: "https://slsa.dev/provenance/v1", predicate: predicate, as: .githubWorkflow)
        let verdict = try kit.verify(image, policy: slsaPolicy(kit))
        #expect(verdict.failedCheck == check)
        #expect(verdict.firstFailure?.message == reason)
    }

    @Test func provenanceDisagreeingWithTheCertificateFails() throws {
        let kit = try Kit()
        let image = kit.layout.addImage(seed: "p", name: "registry.test/app:1")
        try kit.attest(image, predicateType: "https://slsa.dev/provenance/v1",
                       predicate: Self.provenance(repository: "https://github.com/mini-org/forked-repo"), as: .githubWorkflow)
        let policy = slsaPolicy(kit).replacingOccurrences(of: "sourceRepository: https://github.com/mini-org/mini-repo", with: "sourceRepository: github.com/mini-org/forked-repo")
            .replacingOccurrences(of: "repository: 'https://github.com/mini-org/mini-repo'", with: "repository: 'https://github.com/mini-org/forked-repo'")
        let verdict = try kit.verify(image, policy: policy)
        #expect(verdict.has("slsa.source", .passed))
        #expect(verdict.failedCheck == "slsa.certificate")
        #expect(verdict.firstFailure?.message == "certificate source repository https://github.com/mini-org/mini-repo differs from the provenance's github.com/mini-org/forked-repo")
        let unchecked = policy.replacingOccurrences(of: "      sourceCommit:", with: "      certificateCrossCheck: false\n          sourceCommit:")
        #expect(unchecked != policy)
        let relaxed = try kit.workspace.verify(image.digest, policy: unchecked, at: kit.at)
        #expect(relaxed.result == "PASS", "\(relaxed.firstFailure?.message ?? "")")
    }
}
