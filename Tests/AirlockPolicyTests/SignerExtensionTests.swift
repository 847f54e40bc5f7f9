import Foundation
import Testing
import AirlockAppliance
import AirlockFormats
import AirlockVerify
import AirlockTestKit

/// Site-policy signers may require Fulcio certificate extension values; the one identity matcher
/// enforces them for signature and attestation requirements alike.
struct SignerExtensionTests {
    static let sourceRepositoryOID = "1.3.6.1.4.1.57264.1.12"

    func signers(_ extensions: String) -> String {
        "    signatures:\n      threshold: 1\n      signers:\n"
            + "        - {issuer: '\(Kit.workflowIssuer)', sanRegex: '\(Kit.workflowSAN)', extensions: {\(extensions)}}"
    }

    @Test func signerWhoseCertificateHasTheRequiredExtensionValuePasses() throws {
        let kit = try Kit()
        let image = kit.layout.addImage(seed: "x1", name: "registry.test/app:1")
        try kit.sign(image, as: .githubWorkflow)
        let verdict = try kit.verify(image, policy: kit.policy(signers("'\(Self.sourceRepositoryOID)': 'https://github.com/mini-org/mini-repo'")))
        #expect(verdict.result == "PASS", "\(verdict.firstFailure?.message ?? "")")
        #expect(verdict.checks.last?.message.contains("\(Self.sourceRepositoryOID)=https://github.com/mini-org/mini-repo") == true)
    }

    @Test func signerRequiringAnExtensionValueTheCertificateLacksFails() throws {
        let kit = try Kit()
        let image = kit.layout.addImage(seed: "x2", name: "registry.test/app:1")
        try kit.sign(image, as: .githubWorkflow)
        let verdict = try kit.verify(image, policy: kit.policy(signers("'\(Self.sourceRepositoryOID)': 'https://github.com/other-org/other-repo'")))
        #expect(verdict.result == "FAIL")
        #expect(verdict.failedCheck == CheckID.signatures)
        let message = try #require(verdict.firstFailure?.message)
        #expect(message.hasPrefix("0 of 1 required distinct listed signers verified"))
        #expect(message.contains("extension \(Self.sourceRepositoryOID) is \"https://github.com/mini-org/mini-repo\", expected \"https://github.com/other-org/other-repo\""),
                "\(message)")
    }

    @Test func signerRequiringAnExtensionTheCertificateDoesNotCarryFails() throws {
        let kit = try Kit()
        let image = kit.layout.addImage(seed: "x3", name: "registry.test/app:1")
        try kit.sign(image, as: .githubWorkflow)
        let verdict = try kit.verify(image, policy: kit.policy(signers("'1.3.6.1.4.1.57264.1.13': '0123456789abcdef0123456789abcdef01234567'")))
        #expect(verdict.failedCheck == CheckID.signatures)
        #expect(verdict.firstFailure?.message.contains("extension 1.3.6.1.4.1.57264.1.13 is absent, expected \"0123456789abcdef0123456789abcdef01234567\"") == true,
                "\(verdict.firstFailure?.message ?? "")")
    }

    @Test func attestationSignerRequiringAnExtensionValueTheCertificateLacksFails() throws {
        let kit = try Kit()
        let image = kit.layout.addImage(seed: "x4", name: "registry.test/app:1")
        let scan = Kit.json("{\"scanner\":{\"uri\":\"pkg:mini/scanner@1\"}}")
        try kit.attest(image, predicateType: TestKitAttestationTests.vulnType, predicate: scan, as: .githubWorkflow)
        let verdict = try kit.verify(image, policy: kit.policy("""
                attestations:
                  - predicateType: \(TestKitAttestationTests.vulnType)
                    signers: [{issuer: '\(Kit.workflowIssuer)', sanRegex: '\(Kit.workflowSAN)', extensions: {'\(Self.sourceRepositoryOID)': 'https://github.com/other-org/other-repo'}}]
            """))
        #expect(verdict.failedCheck == CheckID.signer)
        let message = try #require(verdict.firstFailure?.message)
        #expect(message.contains("who is not a listed signer for \(TestKitAttestationTests.vulnType)"))
        #expect(message.contains("extension \(Self.sourceRepositoryOID) is \"https://github.com/mini-org/mini-repo\", expected \"https://github.com/other-org/other-repo\""),
                "\(message)")
    }
}

/// The `extensions` of a keyless policy signer are checked when the policy loads.
struct SignerExtensionLintTests {
    private func lint(_ extensions: String) -> SitePolicyError? {
        let text = PolicyLintTests.valid.replacingOccurrences(of: "sanRegex: \"^https://github.com/acme/\"}",
                                                              with: "sanRegex: \"^https://github.com/acme/\", extensions: \(extensions)}")
        do {
            _ = try LoadedPolicy(bytes: Data(text.utf8), directory: nil)
            return nil
        } catch {
            return error
        }
    }

    @Test func extensionsMustBeKeyedByDottedOIDs() throws {
        #expect(lint("{\"1.3.6.1.4.1.57264.1.12\": \"https://github.com/acme/app\"}") == nil)
        let error = try #require(lint("{\"sourceRepository\": \"https://github.com/acme/app\"}"))
        #expect(error.code == .invalidValue)
        #expect(error.path == "rules[0].signatures.signers[0].extensions.sourceRepository")
        #expect(error.reason.contains("is not a dotted OID"))
    }

    @Test func extensionValuesMustBeStrings() throws {
        let error = try #require(lint("{\"1.3.6.1.4.1.57264.1.12\": 3}"))
        #expect(error.code == .invalidValue)
        #expect(error.path == "rules[0].signatures.signers[0].extensions.1.3.6.1.4.1.57264.1.12")
        #expect(error.reason == "must be a string")
    }
}
