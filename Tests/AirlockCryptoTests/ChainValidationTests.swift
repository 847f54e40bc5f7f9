import AirlockCrypto
import AirlockTestKit
import Foundation
import Testing

/// Path validation of a real public-good Fulcio leaf at its signing time, and the ways it must fail.
struct ChainValidationTests {
    @Test(.enabled(if: Corpus.isAvailable, "corpus absent"))
    func validAtIntegratedTime() throws {
        let (leaf, integratedTime) = try Fixtures.leaf(Fixtures.publicGoodBundle)
        let fulcio = try Fixtures.publicGoodFulcio()
        let pool = CertificatePool(anchors: [fulcio[1]], intermediates: [fulcio[0]])
        let chain = try pool.validate(leaf, at: integratedTime, usage: .codeSigning).get()
        #expect(chain == [leaf, fulcio[0], fulcio[1]])
        // The same pool is reusable, and a bare validity check also passes.
        #expect(try pool.validate(leaf, at: leaf.notAfter, usage: .any).get().count == 3)
    }

    @Test(.enabled(if: Corpus.isAvailable, "corpus absent"))
    func intermediateMayBeTheAnchor() throws {
        let (leaf, integratedTime) = try Fixtures.leaf(Fixtures.publicGoodBundle)
        let fulcio = try Fixtures.publicGoodFulcio()
        let pool = CertificatePool(anchors: [fulcio[0]])
        #expect(try pool.validate(leaf, at: integratedTime, usage: .codeSigning).get() == [leaf, fulcio[0]])
        // Or intermediates supplied per call.
        let rootOnly = CertificatePool(anchors: [fulcio[1]])
        #expect(try rootOnly.validate(leaf, extraIntermediates: [fulcio[0]], at: integratedTime, usage: .codeSigning).get().count == 3)
    }

    @Test(.enabled(if: Corpus.isAvailable, "corpus absent"))
    func expiredAfterNotAfter() throws {
        let (leaf, _) = try Fixtures.leaf(Fixtures.publicGoodBundle)
        let fulcio = try Fixtures.publicGoodFulcio()
        let pool = CertificatePool(anchors: [fulcio[1]], intermediates: [fulcio[0]])
        let late = leaf.notAfter.addingTimeInterval(86_400)
        let result = pool.validate(leaf, at: late, usage: .codeSigning)
        let error = try #require(result.failure)
        #expect(error.code == .chainInvalid)
        #expect(error.reason.hasPrefix("certificate has expired at 2026-04-10"))

        let early = pool.validate(leaf, at: leaf.notBefore.addingTimeInterval(-1), usage: .codeSigning).failure
        #expect(early?.reason.hasPrefix("certificate is not yet valid") == true)

        let halfSecondLate = pool.validate(leaf, at: leaf.notAfter.addingTimeInterval(0.5), usage: .codeSigning).failure
        #expect(halfSecondLate?.reason.hasPrefix("certificate has expired at") == true)
    }

    @Test(.enabled(if: Corpus.isAvailable, "corpus absent"))
    func wrongTrustRootFails() throws {
        let (leaf, integratedTime) = try Fixtures.leaf(Fixtures.publicGoodBundle)
        let staging = try Fixtures.chains(Fixtures.stagingRoot, "certificateAuthorities").flatMap { $0 }
        let pool = CertificatePool(anchors: staging)
        let error = pool.validate(leaf, at: integratedTime, usage: .codeSigning).failure
        #expect(error?.reason.hasPrefix("unable to get local issuer certificate") == true)
        let empty = CertificatePool(anchors: []).validate(leaf, at: integratedTime, usage: .any).failure
        #expect(empty?.code == .chainInvalid)
    }

    @Test(.enabled(if: Corpus.isAvailable, "corpus absent"))
    func fulcioLeafIsNotATimestampSigner() throws {
        let (leaf, integratedTime) = try Fixtures.leaf(Fixtures.publicGoodBundle)
        let fulcio = try Fixtures.publicGoodFulcio()
        let pool = CertificatePool(anchors: [fulcio[1]], intermediates: [fulcio[0]])
        let error = pool.validate(leaf, at: integratedTime, usage: .timeStamping).failure
        #expect(error?.reason.hasPrefix("unsuitable certificate purpose") == true)
    }

    @Test(.enabled(if: Corpus.isAvailable, "corpus absent"))
    func concurrentValidationSharesOnePool() async throws {
        let (leaf, integratedTime) = try Fixtures.leaf(Fixtures.publicGoodBundle)
        let fulcio = try Fixtures.publicGoodFulcio()
        let pool = CertificatePool(anchors: [fulcio[1]], intermediates: [fulcio[0]])
        let passes = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<64 {
                group.addTask {
                    let time = index.isMultiple(of: 2) ? integratedTime : leaf.notAfter.addingTimeInterval(60)
                    let ok = (try? pool.validate(leaf, at: time, usage: .codeSigning).get()) != nil
                    return ok == index.isMultiple(of: 2)
                }
            }
            return await group.reduce(true) { $0 && $1 }
        }
        #expect(passes)
    }
}

extension Result {
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
