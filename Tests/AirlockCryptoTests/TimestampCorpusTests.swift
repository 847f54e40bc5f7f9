@testable import AirlockCrypto
import AirlockTestKit
import Foundation
import Testing

/// RFC 3161 responses from sigstore-java's samples, verified against the TSA chains in the
/// staging and public-good trusted roots. The staging tokens timestamp the bytes "test\n"; the
/// public-good ones carry a hex string as imprint, so only their signature and chain can be checked.
struct TimestampCorpusTests {
    static let directory = "sigstore/sigstore-java/samples/timestamp-response/"
    static let stagingData = Data("test\n".utf8)

    static func response(_ name: String) throws -> TimestampResponse {
        try TimestampResponse(der: Corpus.data(directory + "valid/" + name))
    }

    /// [leaf, root] of the only TSA in a trusted root.
    static func tsaChain(_ root: String) throws -> [Certificate] {
        try Fixtures.require(Fixtures.chains(root, "timestampAuthorities").first)
    }

    @Test(.enabled(if: Corpus.isAvailable, "corpus absent"))
    func stagingFieldsParse() throws {
        let response = try Self.response("sigstage_tsa_response_with_embedded_certs.tsr")
        #expect(response.genTime == ISO8601DateFormatter().date(from: "2025-05-28T15:15:55Z"))
        #expect(response.hashAlgorithm == .sha256)
        #expect(response.hashAlgorithmOID == "2.16.840.1.101.3.4.2.1")
        #expect(response.messageImprint == Digest.sha256(Self.stagingData))
        #expect(response.policyOID == "1.2.3.4")
        #expect(response.serialNumberHex == "67116AC816D7C767A329380C8FD326C2B5910F5D")
        #expect(response.embeddedCertificates.count == 1)
        let bare = try Self.response("sigstage_tsa_response_without_embedded_certs.tsr")
        #expect(bare.embeddedCertificates.isEmpty)
    }

    @Test(.enabled(if: Corpus.isAvailable, "corpus absent"), arguments: [
        "sigstage_tsa_response_with_embedded_certs.tsr", "sigstage_tsa_response_without_embedded_certs.tsr",
    ])
    func stagingTokensVerify(name: String) throws {
        let response = try Self.response(name)
        let chain = try Self.tsaChain(Fixtures.stagingRoot)
        let time = try response.verify(signedData: Self.stagingData, anchors: [chain[1]], intermediates: [], expectedSigner: chain[0]).get()
        #expect(time == response.genTime)
    }

    @Test(.enabled(if: Corpus.isAvailable, "corpus absent"))
    func embeddedSignerNeedsNoConfiguredLeaf() throws {
        let response = try Self.response("sigstage_tsa_response_with_embedded_certs.tsr")
        let chain = try Self.tsaChain(Fixtures.stagingRoot)
        #expect((try? response.verify(signedData: Self.stagingData, anchors: [chain[1]], intermediates: [], expectedSigner: nil).get()) != nil)
        // A token that does not embed its signer cannot be checked without the leaf.
        let bare = try Self.response("sigstage_tsa_response_without_embedded_certs.tsr")
        let error = bare.verify(signedData: Self.stagingData, anchors: [chain[1]], intermediates: [], expectedSigner: nil).failure
        #expect(error?.code == .timestampInvalid)
        #expect(error?.reason.hasPrefix("the timestamp's CMS signature or TSA chain does not verify") == true)
    }

    @Test(.enabled(if: Corpus.isAvailable, "corpus absent"))
    func wrongDataIsAnImprintMismatch() throws {
        let response = try Self.response("sigstage_tsa_response_with_embedded_certs.tsr")
        let chain = try Self.tsaChain(Fixtures.stagingRoot)
        let error = response.verify(signedData: Data("test".utf8), anchors: [chain[1]], intermediates: [], expectedSigner: chain[0]).failure
        #expect(error?.reason.hasPrefix("message imprint mismatch") == true)
    }

    @Test(.enabled(if: Corpus.isAvailable, "corpus absent"))
    func untrustedTSAFails() throws {
        let response = try Self.response("sigstage_tsa_response_with_embedded_certs.tsr")
        let publicGood = try Self.tsaChain(Fixtures.publicGoodRoot)
        let error = response.verify(signedData: Self.stagingData, anchors: [publicGood[1]], intermediates: [], expectedSigner: nil).failure
        #expect(error?.reason.hasPrefix("the timestamp's CMS signature or TSA chain does not verify") == true)
        #expect(error?.openSSLErrors.isEmpty == false)
        // Expecting another TSA's leaf while the token embeds its own signer also fails.
        let staging = try Self.tsaChain(Fixtures.stagingRoot)
        let mismatch = response.verify(signedData: Self.stagingData, anchors: [staging[1]], intermediates: [], expectedSigner: publicGood[0]).failure
        #expect(mismatch?.reason.contains("is not the expected TSA certificate") == true)
    }

    @Test(.enabled(if: Corpus.isAvailable, "corpus absent"), arguments: [
        "sigstore_tsa_response_with_embedded_certs.tsr", "sigstore_tsa_response_without_embedded_certs.tsr",
    ])
    func publicGoodTokensHaveValidSignatures(name: String) throws {
        let response = try Self.response(name)
        let chain = try Self.tsaChain(Fixtures.publicGoodRoot)
        #expect(throws: Never.self) { try response.verifyToken(anchors: [chain[1]], certificates: [chain[0]], checkImprint: false).get() }
        // Their imprint is 64 bytes of hex text, which no SHA-256 can equal.
        #expect(response.messageImprint.count == 64)
        let error = response.verify(signedData: Data(), anchors: [chain[1]], intermediates: [], expectedSigner: chain[0]).failure
        #expect(error?.reason.hasPrefix("message imprint mismatch") == true)
        // And the staging root does not anchor them.
        let staging = try Self.tsaChain(Fixtures.stagingRoot)
        let wrongRoot = response.verifyToken(anchors: [staging[1]], certificates: [chain[0]], checkImprint: false).failure
        #expect(wrongRoot?.code == .timestampInvalid)
    }

    @Test(.enabled(if: Corpus.isAvailable, "corpus absent"))
    func freeTSAParses() throws {
        let response = try Self.response("freetsa_response.tsr")
        #expect(response.hashAlgorithm == .sha256)
        #expect(response.serialNumberHex == "0679B933")
        #expect(response.genTime == ISO8601DateFormatter().date(from: "2025-05-02T13:21:07Z"))
    }

    @Test(.enabled(if: Corpus.isAvailable, "corpus absent"))
    func corruptResponseIsRejected() throws {
        let data = try Corpus.data(Self.directory + "invalid/sigstore_tsa_response_invalid.tsr")
        let error = #expect(throws: CryptoError.self) { try TimestampResponse(der: data) }
        #expect(error?.code == .malformedTimestamp)
    }
}
