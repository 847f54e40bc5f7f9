import AirlockCrypto
import Foundation
import Testing

/// Sign/verify round trips for every algorithm and scheme, and the tampering that must fail.
struct SignatureTests {
    static let cases: [(KeyAlgorithm, SignatureScheme)] = [
        (.ecdsaP256, .ecdsa(.sha256)),
        (.ecdsaP256, .ecdsa(.sha384)),
        (.ecdsaP384, .ecdsa(.sha384)),
        (.ecdsaP384, .ecdsa(.sha256)),
        (.ecdsaP521, .ecdsa(.sha512)),
        (.ed25519, .ed25519),
        (.rsa(bits: 2048), .rsaPKCS1v15(.sha256)),
        (.rsa(bits: 2048), .rsaPKCS1v15(.sha512)),
        (.rsa(bits: 2048), .rsaPSS(.sha256)),
        (.rsa(bits: 2048), .rsaPSS(.sha384)),
    ]

    static let message = Data("The quick brown fox jumps over the lazy dog".utf8)

    @Test(arguments: 0..<cases.count)
    func roundTripAndTampering(index: Int) throws {
        let (algorithm, scheme) = Self.cases[index]
        let key = try PrivateKey.generate(algorithm)
        let signature = try key.signature(for: Self.message, scheme: scheme)
        let publicKey = key.publicKey
        #expect(publicKey.isValidSignature(signature, for: Self.message, scheme: scheme))

        var tamperedMessage = Self.message
        tamperedMessage[0] ^= 1
        #expect(!publicKey.isValidSignature(signature, for: tamperedMessage, scheme: scheme))

        var tamperedSignature = signature
        tamperedSignature[tamperedSignature.count - 1] ^= 1
        #expect(!publicKey.isValidSignature(tamperedSignature, for: Self.message, scheme: scheme))
        #expect(!publicKey.isValidSignature(signature.dropLast(), for: Self.message, scheme: scheme))
        #expect(!publicKey.isValidSignature(Data(), for: Self.message, scheme: scheme))

        // Another key of the same kind does not verify it.
        let other = try PrivateKey.generate(algorithm).publicKey
        #expect(!other.isValidSignature(signature, for: Self.message, scheme: scheme))

        // Prehashed verification agrees for ECDSA and RSA; Ed25519 has no prehashed form.
        if let digestAlgorithm = Self.digest(of: scheme) {
            let digest = Digest.hash(Self.message, using: digestAlgorithm)
            #expect(publicKey.isValidSignature(signature, forDigest: digest, scheme: scheme))
            #expect(!publicKey.isValidSignature(signature, forDigest: Digest.hash(tamperedMessage, using: digestAlgorithm), scheme: scheme))
            #expect(!publicKey.isValidSignature(signature, forDigest: digest.dropLast(), scheme: scheme))
        } else {
            #expect(!publicKey.isValidSignature(signature, forDigest: Digest.sha256(Self.message), scheme: scheme))
        }
    }

    @Test func defaultSchemeIsUsedWhenNoneGiven() throws {
        for algorithm in [KeyAlgorithm.ecdsaP256, .ecdsaP384, .ed25519] {
            let key = try PrivateKey.generate(algorithm)
            let signature = try key.signature(for: Self.message)
            #expect(key.publicKey.isValidSignature(signature, for: Self.message, scheme: key.publicKey.defaultScheme))
        }
        #expect(KeyAlgorithm.ecdsaP521.defaultScheme == .ecdsa(.sha512))
        #expect(KeyAlgorithm.rsa(bits: 3072).defaultScheme == .rsaPKCS1v15(.sha256))
    }

    @Test func mismatchedSchemeIsFalseAndSigningRefuses() throws {
        let key = try PrivateKey.generate(.ecdsaP256)
        let signature = try key.signature(for: Self.message)
        #expect(!key.publicKey.isValidSignature(signature, for: Self.message, scheme: .ed25519))
        #expect(!key.publicKey.isValidSignature(signature, for: Self.message, scheme: .rsaPKCS1v15(.sha256)))
        // Same key, different digest: false.
        #expect(!key.publicKey.isValidSignature(signature, for: Self.message, scheme: .ecdsa(.sha512)))
        let error = #expect(throws: CryptoError.self) { try key.signature(for: Self.message, scheme: .ed25519) }
        #expect(error?.code == .unsupportedAlgorithm)
        #expect(error?.reason.contains("cannot sign with ed25519") == true)
    }

    @Test func pssAndPKCS1AreNotInterchangeable() throws {
        let key = try PrivateKey.generate(.rsa(bits: 2048))
        let pss = try key.signature(for: Self.message, scheme: .rsaPSS(.sha256))
        #expect(!key.publicKey.isValidSignature(pss, for: Self.message, scheme: .rsaPKCS1v15(.sha256)))
    }

    @Test func emptyMessageSignsAndVerifies() throws {
        for algorithm in [KeyAlgorithm.ecdsaP256, .ed25519] {
            let key = try PrivateKey.generate(algorithm)
            let signature = try key.signature(for: Data())
            #expect(key.publicKey.isValidSignature(signature, for: Data(), scheme: key.publicKey.defaultScheme))
        }
    }

    @Test func rawECDSASignatureConvertsToDER() throws {
        let key = try PrivateKey.generate(.ecdsaP256)
        let der = try key.signature(for: Self.message)
        let raw = try #require(Self.rawRS(fromDER: der, halfLength: 32))
        #expect(PublicKey.ecdsaDERSignature(fromRaw: raw) == der)
        #expect(PublicKey.ecdsaDERSignature(fromRaw: raw.dropLast()) == nil)
        #expect(PublicKey.ecdsaDERSignature(fromRaw: Data()) == nil)
    }

    @Test func privateKeyPEMRoundTrips() throws {
        for algorithm in [KeyAlgorithm.ecdsaP256, .ecdsaP384, .ed25519, .rsa(bits: 2048)] {
            let key = try PrivateKey.generate(algorithm)
            #expect(key.pem.hasPrefix("-----BEGIN PRIVATE KEY-----"))
            let decoded = try PrivateKey(pem: key.pem)
            #expect(decoded.publicKey == key.publicKey)
            #expect(decoded.algorithm == algorithm)
        }
        let error = #expect(throws: CryptoError.self) { try PrivateKey(pem: "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n") }
        #expect(error?.code == .malformedKey)
    }

    static func digest(of scheme: SignatureScheme) -> DigestAlgorithm? {
        switch scheme {
        case .ecdsa(let d), .rsaPKCS1v15(let d), .rsaPSS(let d): d
        case .ed25519: nil
        }
    }

    /// Minimal DER walk of `SEQUENCE { INTEGER r, INTEGER s }` into fixed-width r || s.
    static func rawRS(fromDER der: Data, halfLength: Int) -> Data? {
        let bytes = [UInt8](der)
        guard bytes.count > 2, bytes[0] == 0x30 else { return nil }
        var index = 2
        var output = Data()
        for _ in 0..<2 {
            guard index + 2 <= bytes.count, bytes[index] == 0x02 else { return nil }
            let length = Int(bytes[index + 1])
            var value = Array(bytes[(index + 2)..<(index + 2 + length)])
            while value.count > halfLength, value.first == 0 { value.removeFirst() }
            output.append(Data(repeating: 0, count: halfLength - value.count))
            output.append(contentsOf: value)
            index += 2 + length
        }
        return output
    }
}
