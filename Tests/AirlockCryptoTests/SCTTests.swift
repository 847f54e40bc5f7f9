import AirlockCrypto
import AirlockTestKit
import Foundation
import Testing

/// Embedded SCT verification on a real public-good leaf against the trusted-root CT log key.
struct SCTTests {
    static func material() throws -> (leaf: Certificate, issuer: Certificate, sct: SignedCertificateTimestamp, key: PublicKey) {
        let (leaf, _) = try Fixtures.leaf(Fixtures.publicGoodBundle)
        let issuer = try Fixtures.publicGoodFulcio()[0]
        let scts = try leaf.embeddedSCTs()
        let sct = try #require(scts.first)
        let key = try #require(try Fixtures.ctLogKeys(Fixtures.publicGoodRoot)[sct.logID.hex])
        return (leaf, issuer, sct, key)
    }

    @Test(.enabled(if: Corpus.isAvailable, "corpus absent"))
    func realSCTVerifies() throws {
        let (leaf, issuer, sct, key) = try Self.material()
        #expect(try leaf.embeddedSCTs().count == 1)
        #expect(sct.version == 0 && sct.hashAlgorithm == 4 && sct.signatureAlgorithm == 3)
        #expect(sct.logID.hex.hasPrefix("dd3d306ac6c7113263191e1c99673702"))
        #expect(sct.timestamp == 1_775_719_409_615)
        #expect(sct.extensions.isEmpty)
        #expect(sct.verify(leaf: leaf, issuer: issuer, logKey: key))
        // Encoding the parsed list reproduces the extension bytes exactly.
        #expect(SignedCertificateTimestamp.encodeList([sct]) == leaf.extensionValue(oid: SignedCertificateTimestamp.extensionOID))
    }

    @Test(.enabled(if: Corpus.isAvailable, "corpus absent"))
    func tamperedSCTFails() throws {
        let (leaf, issuer, sct, key) = try Self.material()
        var later = sct
        later.timestamp += 1
        #expect(!later.verify(leaf: leaf, issuer: issuer, logKey: key))
        var withExtensions = sct
        withExtensions.extensions = Data([0, 0, 0, 0, 0, 0, 0, 1])
        #expect(!withExtensions.verify(leaf: leaf, issuer: issuer, logKey: key))
        var badSignature = sct
        badSignature.signature[badSignature.signature.count - 1] ^= 1
        #expect(!badSignature.verify(leaf: leaf, issuer: issuer, logKey: key))
        var rsaClaim = sct
        rsaClaim.signatureAlgorithm = 1
        #expect(!rsaClaim.verify(leaf: leaf, issuer: issuer, logKey: key))
        // Wrong issuer (the root instead of the intermediate) changes the issuer key hash.
        #expect(!sct.verify(leaf: leaf, issuer: try Fixtures.publicGoodFulcio()[1], logKey: key))
        // A different log key does not match the log ID.
        let other = try Fixtures.ctLogKeys(Fixtures.publicGoodRoot).values.first { $0 != key }
        #expect(!sct.verify(leaf: leaf, issuer: issuer, logKey: try #require(other)))
    }

    @Test(.enabled(if: Corpus.isAvailable, "corpus absent"))
    func certificateWithoutSCTsHasNone() throws {
        let root = try Fixtures.publicGoodFulcio()[1]
        #expect(try root.embeddedSCTs().isEmpty)
    }

    @Test func signedDataLayout() {
        let sct = SignedCertificateTimestamp(logID: Data(repeating: 0xAA, count: 32), timestamp: 0x0102030405060708,
                                             extensions: Data([0xEE]), signature: Data([0x30]))
        let data = sct.signedData(precertificateTBS: Data([0x30, 0x00]), issuerKeyHash: Data(repeating: 0xBB, count: 32))
        let expected = Data([0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 0, 1]) + Data(repeating: 0xBB, count: 32)
            + Data([0, 0, 2, 0x30, 0x00, 0, 1, 0xEE])
        #expect(data == expected)
    }
}
