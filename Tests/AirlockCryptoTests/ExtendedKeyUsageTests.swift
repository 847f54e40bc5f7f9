import Foundation
import Testing
@testable import AirlockCrypto

/// The EKU nesting rule, stated once, and the certificate stack helper.
struct ExtendedKeyUsageTests {
    @Test func aCAWithoutEKUOrWithTheUsageOrAnyAllowsIt() throws {
        for usages in [[], [ExtendedKeyUsage.codeSigning], [ExtendedKeyUsage.any]] {
            let pki = try MiniPKI(intermediateEKU: usages)
            #expect(ExtendedKeyUsage.allows(ExtendedKeyUsage.codeSigning, pki.intermediate), "\(usages)")
            #expect(ExtendedKeyUsage.firstExcluding(ExtendedKeyUsage.codeSigning, in: [pki.intermediate, pki.root]) == nil)
        }
    }

    @Test func aCAWhoseEKUExcludesTheUsageIsNamed() throws {
        let pki = try MiniPKI(intermediateEKU: [ExtendedKeyUsage.timeStamping])
        #expect(!ExtendedKeyUsage.allows(ExtendedKeyUsage.codeSigning, pki.intermediate))
        #expect(ExtendedKeyUsage.firstExcluding(ExtendedKeyUsage.codeSigning, in: [pki.intermediate, pki.root])?.subject == pki.intermediate.subject)
        let leafKey = try PrivateKey.generate(.ecdsaP256)
        let leaf = try pki.leafBuilder(key: leafKey.publicKey).sign(issuerKey: pki.intermediateKey, issuer: pki.intermediate)
        guard case .failure(let error) = pki.pool.validate(leaf, at: MiniPKI.start + 3700, usage: .codeSigning) else {
            Issue.record("a leaf under a timeStamping-only CA validated for code signing")
            return
        }
        #expect(error.reason.contains("restricts extended key usage and excludes codeSigning"), "\(error.reason)")
    }

    @Test func aBorrowingStackListsItsCertificatesInOrder() throws {
        let pki = try MiniPKI()
        let stack = try X509Stack(borrowing: [pki.intermediate, pki.root])
        #expect(stack.entries == [pki.intermediate.backing.ref, pki.root.backing.ref])
        #expect(try X509Stack(borrowing: []).entries.isEmpty)
    }
}
