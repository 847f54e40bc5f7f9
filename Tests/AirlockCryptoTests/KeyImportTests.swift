import Foundation
import Testing
import AirlockTestKit
@testable import AirlockCrypto

/// `KeyImport`, the decoder-free path for common key encodings, held to OpenSSL's decoders: the same
/// keys, the same encodings, and never a key OpenSSL would refuse.
@Suite("Key import without OpenSSL's decoders")
struct KeyImportTests {
    static let fastAlgorithms: [KeyAlgorithm] = [.ecdsaP256, .ecdsaP384, .ecdsaP521, .ed25519]

    /// The DER inside a PEM text.
    func der(_ pem: String, _ label: String) throws -> Data {
        try #require(KeyImport.pemBody(Data(pem.utf8), label: label))
    }

    @Test("each supported algorithm: the fast private key equals OpenSSL's, and signatures cross-verify", arguments: fastAlgorithms)
    func privateKeys(algorithm: KeyAlgorithm) throws {
        let pem = try PrivateKey.generate(algorithm).pem
        let (fast, spki) = try #require(KeyImport.privateKey(pkcs8: try der(pem, "PRIVATE KEY")))
        let slow = try PrivateKey(openSSLPEM: pem)
        #expect(spki == slow.publicKey.spkiDER)
        #expect(try fast.spkiDER() == spki)
        let imported = try PrivateKey(pem: pem)
        #expect(imported.algorithm == algorithm)
        #expect(imported.publicKey == slow.publicKey)
        let message = Data("decision-log checkpoint".utf8)
        #expect(slow.publicKey.isValidSignature(try imported.signature(for: message), for: message, scheme: algorithm.defaultScheme))
        #expect(imported.publicKey.isValidSignature(try slow.signature(for: message), for: message, scheme: algorithm.defaultScheme))
    }

    @Test("each supported algorithm: the fast public key equals OpenSSL's, from DER and from PEM", arguments: fastAlgorithms)
    func publicKeys(algorithm: KeyAlgorithm) throws {
        let key = try PrivateKey.generate(algorithm).publicKey
        let fast = try #require(KeyImport.publicKey(spki: key.spkiDER))
        #expect(try fast.spkiDER() == key.spkiDER)
        #expect(try fast.algorithm() == algorithm)
        let slow = try PublicKey.decodeSPKIWithOpenSSL(key.spkiDER)
        #expect(try slow.spkiDER() == key.spkiDER)
        let fromPEM = try PublicKey(pem: key.pem)
        #expect(fromPEM.spkiDER == key.spkiDER)
        #expect(fromPEM.algorithm == algorithm)
    }

    @Test("RSA and compressed EC points are left to OpenSSL, which still decodes them")
    func fallbacks() throws {
        let rsa = try PrivateKey.generate(.rsa(bits: 2048))
        #expect(KeyImport.privateKey(pkcs8: try der(rsa.pem, "PRIVATE KEY")) == nil)
        #expect(KeyImport.publicKey(spki: rsa.publicKey.spkiDER) == nil)
        #expect(try PrivateKey(pem: rsa.pem).publicKey == rsa.publicKey)
        // The same P-256 key with its point compressed (02/03 || X): OpenSSL's decoder takes it.
        let ec = try PrivateKey.generate(.ecdsaP256).publicKey.spkiDER
        let point = ec.suffix(65)
        let compressed = Data([0x30, 0x39, 0x30, 0x13]) + ec.dropFirst(4).prefix(19) + Data([0x03, 0x22, 0x00, 0x02 | (point.last! & 1)])
            + point.dropFirst().prefix(32)
        #expect(KeyImport.publicKey(spki: compressed) == nil)
        #expect(try PublicKey(spkiDER: compressed).algorithm == .ecdsaP256)
    }

    @Test("a point off the curve is refused, with OpenSSL's reason")
    func offCurve() throws {
        var spki = try PrivateKey.generate(.ecdsaP256).publicKey.spkiDER
        spki[spki.endIndex - 1] ^= 0x01
        #expect(KeyImport.publicKey(spki: spki) == nil)
        let error = try #require(throws: CryptoError.self) { try PublicKey(spkiDER: spki) }
        #expect(error.code == .malformedKey)
        #expect(error.reason.contains("not a DER SubjectPublicKeyInfo"), "\(error.reason)")
    }

    /// Every one-byte change, deletion, insertion (0x00, 0x80) and duplication, and every truncation, of `der`:
    /// whenever the fast path gives a key, OpenSSL
    /// gives the same key (the fast path never accepts more, nor decodes differently).
    func mutations(of der: Data, fast: (Data) -> EVPKey?, slow: (Data) -> EVPKey?) throws -> Int {
        var accepted = 0
        var variants = (0..<der.count).map { der.prefix($0) }
        for index in der.indices {
            for bit in [UInt8(0x01), 0x80, 0xFF] {
                var changed = der
                changed[index] ^= bit
                variants.append(changed)
            }
            var deleted = der
            deleted.remove(at: index)
            variants.append(deleted)
            for inserted in [UInt8(0x00), 0x80, der[index]] {
                var longer = der
                longer.insert(inserted, at: index)
                variants.append(longer)
            }
        }
        for variant in variants {
            guard let key = fast(variant) else { continue }
            accepted += 1
            let reference = try #require(slow(variant), "the fast path took a key OpenSSL refuses: \(variant.base64EncodedString())")
            #expect(try key.spkiDER() == reference.spkiDER())
        }
        return accepted
    }

    @Test("mutated public keys: the fast path never takes what OpenSSL refuses", arguments: fastAlgorithms)
    func mutatedPublicKeys(algorithm: KeyAlgorithm) throws {
        let spki = try PrivateKey.generate(algorithm).publicKey.spkiDER
        let accepted = try mutations(of: spki, fast: KeyImport.publicKey(spki:), slow: { try? PublicKey.decodeSPKIWithOpenSSL($0) })
        // Only the three changes of each of an Ed25519 key's 32 bytes give keys (OpenSSL takes any 32 bytes);
        // every changed EC point is off its curve.
        #expect(accepted == (algorithm == .ed25519 ? 96 : 0))
    }

    @Test("mutated private keys: the fast path never takes what OpenSSL refuses", arguments: [KeyAlgorithm.ecdsaP256, .ed25519])
    func mutatedPrivateKeys(algorithm: KeyAlgorithm) throws {
        let key = try PrivateKey.generate(algorithm)
        let pkcs8 = try der(key.pem, "PRIVATE KEY")
        func pem(_ der: Data) -> String {
            let lines = der.base64EncodedString().chunked(64)
            return "-----BEGIN PRIVATE KEY-----\n" + lines.joined(separator: "\n") + "\n-----END PRIVATE KEY-----\n"
        }
        let accepted = try mutations(of: pkcs8, fast: { KeyImport.privateKey(pkcs8: $0)?.key },
                                     slow: { try? PrivateKey(openSSLPEM: pem($0)).backing })
        // The three changes of each of the 32 secret bytes give keys, both ways.
        #expect(accepted == 96)
    }

    @Test("the corpus's log keys (P-256 and Ed25519) decode the same both ways", .enabled(if: Corpus.isAvailable, "corpus absent"))
    func corpusKeys() throws {
        var seen = 0
        for root in [Fixtures.publicGoodRoot, Fixtures.stagingRoot] {
            let json = try Fixtures.json(root)
            for section in ["tlogs", "ctlogs"] {
                for log in json[section] as? [[String: Any]] ?? [] {
                    let key = log["publicKey"] as? [String: Any] ?? [:]
                    // PKCS1_RSA_PKCS1V5 keys are RSAPublicKey structures, not SubjectPublicKeyInfo.
                    guard (key["keyDetails"] as? String)?.hasPrefix("PKIX_") == true else { continue }
                    let spki = try #require((key["rawBytes"] as? String).flatMap { Data(base64Encoded: $0) })
                    let slow = try PublicKey.decodeSPKIWithOpenSSL(spki)
                    let fast = try #require(KeyImport.publicKey(spki: spki), "\(key["keyDetails"] ?? "")")
                    #expect(try fast.spkiDER() == slow.spkiDER())
                    #expect(try fast.algorithm() == slow.algorithm())
                    seen += 1
                }
            }
        }
        #expect(seen == 11)
    }

    @Test("PEM: only one plain block in the common layout is read here; OpenSSL reads the rest")
    func pemLayouts() throws {
        let key = try PrivateKey.generate(.ecdsaP256).publicKey
        let pem = key.pem
        #expect(KeyImport.pemBody(Data(pem.utf8), label: "PUBLIC KEY") == key.spkiDER)
        #expect(KeyImport.pemBody(Data(("  \n" + pem.replacingOccurrences(of: "\n", with: "\r\n") + "\n\n").utf8), label: "PUBLIC KEY") == key.spkiDER)
        let surrounded = "a comment\n" + pem + "trailing text\n"
        #expect(KeyImport.pemBody(Data(surrounded.utf8), label: "PUBLIC KEY") == nil)
        #expect(try PublicKey(pem: surrounded) == key)
        let oneLine = "-----BEGIN PUBLIC KEY-----\n" + key.spkiDER.base64EncodedString() + "\n-----END PUBLIC KEY-----\n"
        #expect(KeyImport.pemBody(Data(oneLine.utf8), label: "PUBLIC KEY") == nil)
        #expect(KeyImport.pemBody(Data(pem.utf8), label: "PRIVATE KEY") == nil)
        #expect(KeyImport.pemBody(Data("-----BEGIN PUBLIC KEY-----\n-----END PUBLIC KEY-----".utf8), label: "PUBLIC KEY") == nil)
    }

    @Test("the process's DRBG is HASH-DRBG, set before any key was used")
    func drbg() throws {
        _ = try PrivateKey.generate(.ecdsaP256).signature(for: Data("x".utf8))
        #expect(OpenSSLProcess.primaryDRBGName == "HASH-DRBG")
    }
}

extension String {
    /// The string cut into pieces of `size` characters (the last may be shorter).
    func chunked(_ size: Int) -> [String] {
        stride(from: 0, to: count, by: size).map {
            let start = index(startIndex, offsetBy: $0)
            return String(self[start..<(index(start, offsetBy: size, limitedBy: endIndex) ?? endIndex)])
        }
    }
}
