@testable import AirlockCrypto
import Foundation
import AirlockTestKit
import Testing

/// RFC 3161 verification takes the signer's path from the one chain validation OpenSSL runs inside
/// `TS_RESP_verify_response` (`VerifiedPathCapture`) instead of validating the chain a second time
/// (docs/decisions.md D28). The path must be the whole verified path, and must never leak between
/// verifications running at the same time against different trust anchors.
struct TimestampVerifiedPathTests {
    static let signature = Data("signature bytes".utf8)
    static let time = MiniPKI.start + 7200.25

    /// A TSA leaf issued by `pki`'s intermediate.
    static func signer(_ pki: MiniPKI, chain: [Certificate]) throws -> TimestampAuthoritySigner {
        let key = try PrivateKey.generate(.ecdsaP256)
        var builder = CertificateBuilder(publicKey: key.publicKey, notBefore: MiniPKI.start, notAfter: MiniPKI.start + 86_400 * 30)
        builder.subjectOrganization = "airlock.test"
        builder.subjectCommonName = "airlock-tsa"
        builder.extendedKeyUsages = [MiniPKI.timeStamping]
        builder.ekuCritical = true
        let leaf = try builder.sign(issuerKey: pki.intermediateKey, issuer: pki.intermediate)
        return TimestampAuthoritySigner(certificate: leaf, key: key, chain: chain)
    }

    @Test(arguments: [true, false])
    func intermediateOnThePathIsChecked(embedded: Bool) throws {
        // An intermediate allowing timeStamping: the token verifies, whether the intermediate is embedded or configured.
        let good = try MiniPKI(intermediateEKU: [MiniPKI.timeStamping])
        let goodSigner = try Self.signer(good, chain: embedded ? [good.intermediate] : [])
        let response = try TimestampResponse(der: goodSigner.response(for: Self.signature, at: Self.time, serial: 1))
        let time = try response.verify(signedData: Self.signature, anchors: [good.root],
                                       intermediates: embedded ? [] : [good.intermediate], expectedSigner: nil).get()
        #expect(time == Self.time)
        // An intermediate restricted to codeSigning: found on the captured path and refused.
        let restricted = try MiniPKI(intermediateEKU: [MiniPKI.codeSigning])
        let restrictedSigner = try Self.signer(restricted, chain: embedded ? [restricted.intermediate] : [])
        let refused = try TimestampResponse(der: restrictedSigner.response(for: Self.signature, at: Self.time, serial: 2))
        let error = refused.verify(signedData: Self.signature, anchors: [restricted.root],
                                   intermediates: embedded ? [] : [restricted.intermediate], expectedSigner: nil).failure
        #expect(error?.code == .timestampInvalid)
        #expect(error?.reason == "CA certificate \(restricted.intermediate.subject) restricts extended key usage and excludes timeStamping")
    }

    @Test func concurrentVerificationsAgainstDifferentAnchorsDecideAsSerialOnes() throws {
        let first = try MiniPKI(intermediateEKU: [MiniPKI.timeStamping])
        let second = try MiniPKI(intermediateEKU: [MiniPKI.timeStamping])
        let tokens = [
            try TimestampResponse(der: Self.signer(first, chain: [first.intermediate]).response(for: Self.signature, at: Self.time, serial: 3)),
            try TimestampResponse(der: Self.signer(second, chain: [second.intermediate]).response(for: Self.signature, at: Self.time + 1, serial: 4)),
        ]
        let anchors = [first.root, second.root]
        // Case i: token i % 2 against anchor (i / 2) % 2; only matching pairs verify.
        @Sendable func run(_ i: Int) -> String {
            switch tokens[i % 2].verify(signedData: Self.signature, anchors: [anchors[(i / 2) % 2]], intermediates: [], expectedSigner: nil) {
            case .success(let time): return "verified at \(time.timeIntervalSince1970)"
            case .failure(let error): return error.reason
            }
        }
        let serial = (0..<4).map(run)
        #expect(serial[0] == "verified at \(Self.time.timeIntervalSince1970)")
        #expect(serial[3] == "verified at \((Self.time + 1).timeIntervalSince1970)")
        #expect(serial[1].hasPrefix("the timestamp's CMS signature or TSA chain does not verify"))
        #expect(serial[2].hasPrefix("the timestamp's CMS signature or TSA chain does not verify"))
        let rounds = 64
        let results = ConcurrentResults<String>(count: rounds)
        DispatchQueue.concurrentPerform(iterations: rounds) { i in results.set(i, run(i % 4)) }
        for i in 0..<rounds {
            #expect(results.get(i) == serial[i % 4], "round \(i) differs from the serial result")
        }
    }
}
