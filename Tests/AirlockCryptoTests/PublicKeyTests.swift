import AirlockCrypto
import AirlockTestKit
import Foundation
import Testing

/// Public keys decoded from real corpus files, and the rejection of curves and sizes Airlock refuses.
struct PublicKeyTests {
    static let accepted: [(String, KeyAlgorithm)] = [
        ("sigstore/sigstore-go/examples/publish_key.pub", .ecdsaP256),
        ("tuf/sigstore-root-signing/targets/rekor.pub", .ecdsaP256),
        ("in-toto/in-toto-golang/data/alice.pub", .rsa(bits: 2048)),
        ("in-toto/in-toto-golang/data/dan.pub", .rsa(bits: 3072)),
        ("in-toto/in-toto-golang/data/carol.pub", .ed25519),
        ("in-toto/in-toto-golang/data/grace.pub", .ecdsaP384),
        ("in-toto/in-toto-golang/data/frank.pub", .ecdsaP521),
        ("sigstore/sigstore-java/samples/keys/test-rsa.pub", .rsa(bits: 2048)),
    ]

    @Test(.enabled(if: Corpus.isAvailable, "corpus absent"), arguments: 0..<accepted.count)
    func corpusKeyDecodes(index: Int) throws {
        let (path, algorithm) = Self.accepted[index]
        let key = try PublicKey(pemData: Corpus.data(path))
        #expect(key.algorithm == algorithm)
        // The PEM and SPKI forms round-trip to the same key.
        #expect(try PublicKey(spkiDER: key.spkiDER) == key)
        #expect(try PublicKey(pem: key.pem) == key)
        #expect(key.defaultScheme == algorithm.defaultScheme)
    }

    @Test(.enabled(if: Corpus.isAvailable, "corpus absent"))
    func spkiIsTheFileBytes() throws {
        let text = String(decoding: try Corpus.data("tuf/sigstore-root-signing/targets/rekor.pub"), as: UTF8.self)
        let base64 = text.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        let key = try PublicKey(pem: text)
        #expect(key.spkiDER == Data(base64Encoded: base64))
    }

    @Test(.enabled(if: Corpus.isAvailable, "corpus absent"), arguments: [
        ("in-toto/in-toto-golang/data/erin.pub", "secp256k1"),
        ("in-toto/in-toto-golang/data/heidi.pub", "secp224r1"),
    ])
    func unsupportedCurveIsRejected(path: String, curve: String) throws {
        let error = #expect(throws: CryptoError.self) { try PublicKey(pemData: Corpus.data(path)) }
        #expect(error?.code == .unsupportedAlgorithm)
        #expect(error?.reason.contains(curve) == true)
    }

    @Test func ed25519RawRoundTrip() throws {
        let key = try PrivateKey.generate(.ed25519).publicKey
        let raw = try #require(key.rawEd25519)
        #expect(raw.count == 32)
        #expect(try PublicKey(rawEd25519: raw) == key)
        #expect(try PrivateKey.generate(.ecdsaP256).publicKey.rawEd25519 == nil)
    }

    @Test func uncompressedPointRoundTrip() throws {
        let key = try PrivateKey.generate(.ecdsaP256).publicKey
        let point = key.spkiDER.suffix(65)
        #expect(try PublicKey(uncompressedP256Point: Data(point)) == key)
        let error = #expect(throws: CryptoError.self) { try PublicKey(uncompressedP256Point: Data(point.dropFirst())) }
        #expect(error?.code == .malformedKey)
        #expect(error?.reason.contains("65 bytes") == true)
    }

    @Test func malformedInputsAreRejectedWithReasons() throws {
        let notPEM = #expect(throws: CryptoError.self) { try PublicKey(pem: "hello") }
        #expect(notPEM?.code == .malformedKey)
        #expect(notPEM?.reason.contains("PEM PUBLIC KEY") == true)

        let key = try PrivateKey.generate(.ecdsaP256).publicKey
        let trailing = #expect(throws: CryptoError.self) { try PublicKey(spkiDER: key.spkiDER + Data([0])) }
        #expect(trailing?.reason.contains("trailing bytes") == true)

        let garbage = #expect(throws: CryptoError.self) { try PublicKey(spkiDER: Data([0x30, 0x03, 0x02, 0x01, 0x01])) }
        #expect(garbage?.code == .malformedKey)
        #expect(garbage?.openSSLErrors.isEmpty == false)

        let shortRaw = #expect(throws: CryptoError.self) { try PublicKey(rawEd25519: Data(count: 31)) }
        #expect(shortRaw?.reason.contains("32 bytes") == true)
    }

    @Test func smallRSAIsRejected() {
        let error = #expect(throws: CryptoError.self) { try PrivateKey.generate(.rsa(bits: 1024)) }
        #expect(error?.code == .unsupportedAlgorithm)
        #expect(error?.reason.contains("2048 to 4096") == true)
    }
}
