import Foundation
import Testing
import AirlockAppliance
import AirlockVerify
import AirlockTestKit
import AirlockFormats

/// Real cosign `.att` evidence: the slsa-verifier container layouts (cosign save, SLSA v0.2 provenance
/// from generator_container_slsa3.yml, Rekor SET in the layer annotations), decided with the builder,
/// source, branch and tag rules SOURCES.md gives.
struct CorpusVerdictTests {
    static let instant = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01T00:00:00Z
    static let layouts = [
        ("v1.4.0", "sha256:a74d89d8dd863ca5dae4a29e0feede81ddf59197849a80784af5a02ab7786925"),
        ("v2.1.0", "sha256:234e2c830c2fb31ac5671789d22adfe44d30c3ee831d01beae5e237841a13122"),
    ]

    static func policy(builder: String = "https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_container_slsa3.yml",
                       source: String = "github.com/slsa-framework/example-package", ref: String = "branch: main",
                       san: String = "^https://github\\.com/slsa-framework/slsa-github-generator/\\.github/workflows/generator_container_slsa3\\.yml@refs/tags/v") -> String {
        """
        version: 1
        name: slsa-verifier container
        rules:
          - name: example-package
            match: {names: ["*"]}
            attestations:
              - predicateType: https://slsa.dev/provenance/v0.2
                signers:
                  - issuer: https://token.actions.githubusercontent.com
                    sanRegex: '\(san)'
                slsa:
                  builderIDs: ['\(builder)']
                  sourceRepository: \(source)
                  \(ref)
        """
    }

    /// Imports both layouts into a fresh state directory.
    static func workspace() throws -> Workspace {
        let workspace = try Workspace()
        for (version, _) in layouts {
            try workspace.importDirectory(Corpus.url("slsa/slsa-verifier/testdata/gha_generic_container/\(version)/container_workflow_dispatch"),
                                          as: "\(version).tar")
        }
        return workspace
    }

    @Test(.enabled(if: Corpus.isAvailable, "corpus absent"))
    func passesWithTheRightPolicy() throws {
        let workspace = try Self.workspace()
        for (version, digest) in Self.layouts {
            let verdict = try workspace.verify(digest, policy: Self.policy(), at: Self.instant)
            #expect(verdict.result == "PASS", "\(version): \(verdict.firstFailure?.message ?? "")")
            #expect(verdict.has(".signature.dsse", .passed))
            #expect(verdict.has(".tlog.promise", .passed))
            #expect(verdict.has(".certificate.chain", .passed))
            #expect(verdict.has("slsa.builder", .passed))
            #expect(verdict.has("slsa.ref", .passed))
            #expect(verdict.checks.last?.id == "attestation[0]")
        }
    }

    @Test(.enabled(if: Corpus.isAvailable, "corpus absent"))
    func v210CertificateSourceExtensionsAreCrossChecked() throws {
        let workspace = try Self.workspace()
        let verdict = try workspace.verify(Self.layouts[1].1, policy: Self.policy(), at: Self.instant)
        let check = try #require(verdict.checks.first { $0.id.hasSuffix("slsa.certificate") })
        #expect(check.status == .passed)
        #expect(check.message.contains("repository, commit, ref"))
        let old = try workspace.verify(Self.layouts[0].1, policy: Self.policy(), at: Self.instant)
        #expect(old.has("slsa.certificate", .skipped))
    }

    @Test(.enabled(if: Corpus.isAvailable, "corpus absent"), arguments: [
        ("builder", policy(builder: "https://github.com/slsa-framework/slsa-github-generator/.github/workflows/not-trusted.yml"), "slsa.builder", "is not one of the trusted builders"),
        ("source", policy(source: "github.com/slsa-framework/example-packageA"), "slsa.source", "is not github.com/slsa-framework/example-packageA"),
        ("other org", policy(source: "github.com/Aslsa-framework/example-package"), "slsa.source", "is not github.com/aslsa-framework/example-package"),
        ("branch", policy(ref: "branch: master"), "slsa.ref", "source branch main is not master"),
        ("tag", policy(ref: "tag: v1.4.0"), "slsa.ref", "is not a tag"),
        ("versioned tag", policy(ref: "versionedTag: v1"), "slsa.ref", "is not a tag"),
        ("signer", policy(san: "^https://github\\.com/asraa/"), "signer", "is not a listed signer"),
    ])
    func failsForItsStatedReason(name: String, policy: String, check: String, reason: String) throws {
        let workspace = try Self.workspace()
        for (version, digest) in Self.layouts {
            let verdict = try workspace.verify(digest, policy: policy, at: Self.instant)
            #expect(verdict.result == "FAIL", "\(name) \(version)")
            #expect(verdict.failedCheck == check, "\(name) \(version): \(verdict.firstFailure?.id ?? "none")")
            #expect(verdict.firstFailure?.message.lowercased().contains(reason.lowercased()) == true,
                    "\(name) \(version): \(verdict.firstFailure?.message ?? "")")
            #expect(verdict.checks.last?.status == .failed)
            #expect(verdict.checks.allSatisfy { !$0.id.hasPrefix("evidence[") || $0.status != .failed })
        }
    }

    @Test(.enabled(if: Corpus.isAvailable, "corpus absent"))
    func aMissingAttestationAndAnUnselectedImageFail() throws {
        let workspace = try Self.workspace()
        let vsa = Self.policy().replacingOccurrences(of: "https://slsa.dev/provenance/v0.2", with: "https://slsa.dev/provenance/v1")
        let missing = try workspace.verify(Self.layouts[0].1, policy: vsa, at: Self.instant)
        #expect(missing.failedCheck == "attestation")
        #expect(missing.firstFailure?.message.contains("no verified attestation of type https://slsa.dev/provenance/v1") == true)
        let unselected = Self.policy().replacingOccurrences(of: "match: {names: [\"*\"]}", with: "match: {names: [\"registry.example/other\"]}")
        let none = try workspace.verify(Self.layouts[0].1, policy: unselected, at: Self.instant)
        #expect(none.failedCheck == "rule")
        #expect(none.rule == nil)
    }
}
