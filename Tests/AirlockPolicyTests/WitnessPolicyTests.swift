import Foundation
import Testing
import AirlockAppliance
import AirlockVerify

/// The rule key `witnesses: {threshold, names}` (docs/decisions.md D24): read strictly, every
/// problem named by its path.
struct WitnessPolicyTests {
    static func policy(_ witnesses: String) -> String {
        """
        version: 1
        name: witnesses
        rules:
          - name: all
            match: {names: ["*"]}
            signatures:
              signers:
                - {issuer: "https://token.actions.githubusercontent.com", sanRegex: "^https://github.com/acme/"}
            witnesses: \(witnesses)
        """
    }

    static func error(_ witnesses: String) -> SitePolicyError? {
        do {
            _ = try LoadedPolicy(bytes: Data(policy(witnesses).utf8), directory: nil)
            return nil
        } catch {
            return error
        }
    }

    @Test func aQuorumWithNamesParses() throws {
        let loaded = try LoadedPolicy(bytes: Data(Self.policy("{threshold: 2, names: [w1.test, w2.test]}").utf8), directory: nil)
        #expect(loaded.policy.rules[0].witnesses == WitnessRequirement(threshold: 2, names: ["w1.test", "w2.test"]))
        #expect(try LoadedPolicy(bytes: Data(Self.policy("{threshold: 1}").utf8), directory: nil).policy.rules[0].witnesses?.names == [])
    }

    @Test(arguments: [
        ("{names: [w1.test]}", SitePolicyError.Code.missingField, "rules[0].witnesses.threshold"),
        ("{threshold: 0}", .invalidValue, "rules[0].witnesses.threshold"),
        ("{threshold: 2, names: [w1.test]}", .invalidValue, "rules[0].witnesses.threshold"),
        ("{threshold: 1, names: [w1.test, w1.test]}", .invalidValue, "rules[0].witnesses.names"),
        ("{threshold: 1, names: []}", .emptyRequirement, "rules[0].witnesses.names"),
        ("{threshold: 1, quorum: 2}", .unknownKey, "rules[0].witnesses.quorum"),
    ])
    func badWitnessesAreRefused(text: String, code: SitePolicyError.Code, path: String) {
        let error = Self.error(text)
        #expect(error?.code == code, "\(text): \(String(describing: error))")
        #expect(error?.path == path, "\(text): \(String(describing: error))")
    }
}
