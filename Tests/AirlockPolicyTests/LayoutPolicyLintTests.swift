import Foundation
import Testing
import AirlockAppliance
import AirlockFormats
import AirlockTestKit
import AirlockVerify

/// `airlock policy check` on the `layout:` key: keys parse, 1 ≤ threshold ≤ keys, file and product present.
struct LayoutPolicyLintTests {
    private func policy(_ layout: String) -> String {
        """
        version: 1
        name: lint
        rules:
          - name: all
            match: {names: ["*"]}
        \(layout)
        """
    }

    private func lint(_ layout: String) -> SitePolicyError? {
        do {
            _ = try LoadedPolicy(bytes: Data(policy(layout).utf8), directory: nil)
            return nil
        } catch {
            return error
        }
    }

    private func requirement(keys: [String], threshold: Int = 1, file: String = "root.layout",
                             extra: String = "      product: {step: package, path: image/manifest.json}") -> String {
        LayoutChain.requirement(keys: keys, threshold: threshold, file: file, extra: extra)
    }

    @Test func aLayoutAloneIsAValidRequirement() throws {
        let pem = try InTotoWriter.Signer().publicPEM
        let text = policy(requirement(keys: [pem], extra: "      product: {step: package, path: app.tar}\n      skipInspections: [untar]\n      parameters: {VERSION: '1.0'}"))
        let loaded = try LoadedPolicy(bytes: Data(text.utf8), directory: nil)
        let layout = try #require(loaded.policy.rules[0].layout)
        #expect(layout.keys.count == 1 && layout.threshold == 1 && layout.file == "root.layout")
        #expect(layout.productStep == "package" && layout.productPath == "app.tar")
        #expect(layout.skippedInspections == ["untar"] && layout.parameters == ["VERSION": "1.0"])
    }

    @Test func aKeyThatDoesNotParseIsAnError() throws {
        let error = try #require(lint(requirement(keys: ["not a key"])))
        #expect(error.code == .invalidValue && error.path == "rules[0].layout.keys[0]" && error.reason.hasPrefix("not a usable public key"), "\(error)")
    }

    @Test(arguments: [0, 2]) func aThresholdOutsideOneToTheKeyCountIsAnError(threshold: Int) throws {
        let pem = try InTotoWriter.Signer().publicPEM
        let error = try #require(lint(requirement(keys: [pem], threshold: threshold)))
        #expect(error.code == .invalidValue && error.path == "rules[0].layout.threshold", "\(error)")
        #expect(error.reason == "threshold must be between 1 and the number of keys (1)")
    }

    @Test func theFileAndTheProductAreRequired() throws {
        let pem = try InTotoWriter.Signer().publicPEM
        let noFile = "    layout:\n      keys: [\"\(pem.replacingOccurrences(of: "\n", with: "\\n"))\"]\n      product: {step: a, path: b}"
        let missingFile = try #require(lint(noFile))
        #expect(missingFile.code == .missingField && missingFile.path == "rules[0].layout.file", "\(missingFile)")
        let missingProduct = try #require(lint(requirement(keys: [pem], extra: "")))
        #expect(missingProduct.code == .missingField && missingProduct.path == "rules[0].layout.product", "\(missingProduct)")
        let nested = try #require(lint(requirement(keys: [pem], file: "links/root.layout")))
        #expect(nested.code == .invalidValue && nested.path == "rules[0].layout.file", "\(nested)")
    }

    @Test func oneKeyListedTwiceIsAnError() throws {
        let pem = try InTotoWriter.Signer().publicPEM
        let error = try #require(lint(requirement(keys: [pem, pem], threshold: 2)))
        #expect(error.code == .invalidValue && error.path == "rules[0].layout.keys[1]", "\(error)")
        #expect(error.reason == "the same public key as keys[0]; a threshold counts distinct keys")
    }

    @Test func anUnknownLayoutKeyIsAnError() throws {
        let pem = try InTotoWriter.Signer().publicPEM
        let error = try #require(lint(requirement(keys: [pem], extra: "      product: {step: a, path: b}\n      inspect: true")))
        #expect(error.code == .unknownKey && error.path == "rules[0].layout.inspect", "\(error)")
    }
}

/// `layout.predicateType`: only the in-toto link predicate v0.3 is read as links.
struct LayoutPredicateTypeLintTests {
    private func lint(_ predicateType: String) throws -> (LoadedPolicy?, SitePolicyError?) {
        let pem = try InTotoWriter.Signer().publicPEM
        let layout = LayoutChain.requirement(keys: [pem], threshold: 1, file: "root.layout",
                                             extra: "      product: {step: package, path: image/manifest.json}\n      predicateType: '\(predicateType)'")
        let text = "version: 1\nname: lint\nrules:\n  - name: all\n    match: {names: [\"*\"]}\n\(layout)\n"
        do {
            return (try LoadedPolicy(bytes: Data(text.utf8), directory: nil), nil)
        } catch {
            return (nil, error)
        }
    }

    @Test func theLinkPredicateIsAccepted() throws {
        let (loaded, error) = try lint(PredicateType.inTotoLinkV03)
        #expect(error == nil, "\(String(describing: error))")
        #expect(loaded?.policy.rules[0].layout?.linkPredicateType == PredicateType.inTotoLinkV03)
    }

    @Test func withPredicateTypeTheFileMayBeOmitted() throws {
        let pem = try InTotoWriter.Signer().publicPEM
        let layout = "    layout:\n      keys: [\"\(pem.replacingOccurrences(of: "\n", with: "\\n"))\"]\n      predicateType: \(PredicateType.inTotoLinkV03)\n      product: {step: a, path: b}"
        let text = "version: 1\nname: lint\nrules:\n  - name: all\n    match: {names: [\"*\"]}\n\(layout)\n"
        let loaded = try LoadedPolicy(bytes: Data(text.utf8), directory: nil)
        #expect(loaded.policy.rules[0].layout?.file == nil && loaded.policy.rules[0].layout?.linkPredicateType == PredicateType.inTotoLinkV03)
    }

    @Test func anotherPredicateTypeIsAnError() throws {
        let (_, error) = try lint(PredicateType.slsaProvenanceV1)
        let found = try #require(error)
        #expect(found.code == .invalidValue && found.path == "rules[0].layout.predicateType", "\(found)")
        #expect(found.reason.hasPrefix("links are read from attestations of predicate type https://in-toto.io/attestation/link/v0.3 only"))
    }
}
