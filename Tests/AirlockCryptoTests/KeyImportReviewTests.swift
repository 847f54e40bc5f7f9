import Foundation
import Testing
import AirlockTestKit
@testable import AirlockCrypto

/// Review of `KeyImport` (docs/decisions.md D32): its PEM reader and DER decoders must take nothing that
/// OpenSSL's decoders refuse, and give the key OpenSSL gives for what they take.
@Suite("Key import review: nothing OpenSSL refuses, the key OpenSSL gives")
struct KeyImportReviewTests {
    /// A PEM text changed into a layout that OpenSSL's PEM reader refuses.
    struct Layout: CustomTestStringConvertible, Sendable {
        var name: String
        var change: @Sendable (String) -> String
        var testDescription: String { name }
    }

    static let refusedLayouts: [Layout] = [
        // OpenSSL reads a BEGIN marker only at the very start of a line.
        Layout(name: "spaces before BEGIN on its line") { "  " + $0 },
        Layout(name: "a tab before BEGIN on its line") { "\t" + $0 },
        Layout(name: "a blank line, then spaces before BEGIN") { "\n  " + $0 },
        Layout(name: "a CR before BEGIN") { "\r" + $0 },
        // Nor an END marker after a CR (a CR-LF line end is "\r\n-----END", not "\n\r-----END").
        Layout(name: "a CR starting the END line") { $0.replacingOccurrences(of: "\n-----END", with: "\n\r-----END") },
        // Padding past the block of four: OpenSSL's base64 decoder refuses it, Foundation's takes it.
        Layout(name: "two '=' more after the last base64 group") { $0.replacingOccurrences(of: "\n-----END", with: "==\n-----END") },
    ]

    static let algorithms: [KeyAlgorithm] = [.ecdsaP256, .ed25519]

    /// Every layout for each key, but padding on an Ed25519 PKCS#8 key: its 48 bytes end a 64-character
    /// line, so more characters make a line the fast path refuses for its length alone.
    static let privateCases = refusedLayouts.flatMap { layout in
        algorithms.filter { layout.name != refusedLayouts.last!.name || $0 != .ed25519 }.map { (layout, $0) }
    }

    @Test("a PEM public key in a layout OpenSSL refuses is refused, with OpenSSL's reason",
          arguments: refusedLayouts, algorithms)
    func refusedPublicLayouts(layout: Layout, algorithm: KeyAlgorithm) throws {
        let pem = layout.change(try PrivateKey.generate(algorithm).publicKey.pem)
        // The control: OpenSSL's PEM reader refuses this text.
        #expect(throws: CryptoError.self) { try PublicKey.decodePEM(Data(pem.utf8)) }
        let error = try #require(throws: CryptoError.self) { try PublicKey(pem: pem) }
        #expect(error.code == .malformedKey)
        #expect(error.reason == "no decodable PEM PUBLIC KEY block", "\(error.reason)")
    }

    @Test("a PEM private key in a layout OpenSSL refuses is refused, with OpenSSL's reason",
          arguments: privateCases)
    func refusedPrivateLayouts(layout: Layout, algorithm: KeyAlgorithm) throws {
        let pem = layout.change(try PrivateKey.generate(algorithm).pem)
        #expect(throws: CryptoError.self) { try PrivateKey(openSSLPEM: pem) }
        let error = try #require(throws: CryptoError.self) { try PrivateKey(pem: pem) }
        #expect(error.code == .malformedKey)
        #expect(error.reason == "no decodable unencrypted PEM PRIVATE KEY block", "\(error.reason)")
    }

    @Test("layouts both readers take still go the fast way: CR-LF, whitespace lines around the block")
    func acceptedLayouts() throws {
        let key = try PrivateKey.generate(.ecdsaP256).publicKey
        for pem in [key.pem.replacingOccurrences(of: "\n", with: "\r\n"), " \t\r\n\n" + key.pem + " \t\r\n\n", key.pem + "\t"] {
            #expect(KeyImport.pemBody(Data(pem.utf8), label: "PUBLIC KEY") == key.spkiDER)
            #expect(try PublicKey.decodePEM(Data(pem.utf8)).spkiDER() == key.spkiDER)
        }
    }

    /// A PKCS#8 P-256 key with `scalar` and public point `point`, with the optional [0] parameters.
    static func p256PKCS8(scalar: [UInt8], point: Data) -> Data {
        let curve = Data([0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07])
        let algorithm = DERReader.encode(tag: 0x30, Data([0x06, 0x07, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x02, 0x01]) + curve)
        let ec = DERReader.encode(tag: 0x02, Data([1])) + DERReader.encode(tag: 0x04, Data(scalar)) + DERReader.encode(tag: 0xA0, curve)
            + DERReader.encode(tag: 0xA1, DERReader.encode(tag: 0x03, Data([0]) + point))
        return DERReader.encode(tag: 0x30, DERReader.encode(tag: 0x02, Data([0])) + algorithm + DERReader.encode(tag: 0x04, DERReader.encode(tag: 0x30, ec)))
    }

    @Test("private keys OpenSSL takes unchecked (scalar 0, n, 2^256-1; another key's public point): the fast path takes them alike")
    func uncheckedPrivateKeys() throws {
        let point = try PrivateKey.generate(.ecdsaP256).publicKey.spkiDER.suffix(65)
        let order: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                              0xBC, 0xE6, 0xFA, 0xAD, 0xA7, 0x17, 0x9E, 0x84, 0xF3, 0xB9, 0xCA, 0xC2, 0xFC, 0x63, 0x25, 0x51]
        for scalar in [[UInt8](repeating: 0, count: 32), order, [UInt8](repeating: 0xFF, count: 32), [UInt8](repeating: 0x11, count: 32)] {
            let der = Self.p256PKCS8(scalar: scalar, point: Data(point))
            let pem = "-----BEGIN PRIVATE KEY-----\n" + der.base64EncodedString(options: .lineLength64Characters)
                + "\n-----END PRIVATE KEY-----\n"
            let fast = try #require(KeyImport.privateKey(pkcs8: der))
            let slow = try PrivateKey(openSSLPEM: pem)
            #expect(fast.spki == slow.publicKey.spkiDER)
            #expect(try PrivateKey(pem: pem).publicKey == slow.publicKey)
        }
    }
}
