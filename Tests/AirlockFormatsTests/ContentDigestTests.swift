import Foundation
import Testing
import AirlockFormats

@Suite("ContentDigest: the one digest value")
struct ContentDigestTests {
    static let hex64 = String(repeating: "ab", count: 32)

    @Test("well-formed digests parse and print back", arguments: [
        "sha256:" + String(repeating: "ab", count: 32),
        "sha384:" + String(repeating: "0c", count: 48),
        "sha512:" + String(repeating: "9f", count: 64),
        "multihash+base58:QmRZxt2b1FVZPNqd8hsiykDL3TdBDeTSPX9Kv46HmX4Gx8",
    ])
    func good(text: String) throws {
        let digest = try ContentDigest(parsing: text)
        #expect(digest.description == text)
        #expect(try ContentDigest(parsing: digest.description) == digest)
    }

    @Test("malformed digests are refused for their reason", arguments: [
        ("sha256", "has no ':'"),
        ("SHA256:" + hex64, "breaks the OCI grammar"),
        ("sha256+:" + hex64, "breaks the OCI grammar"),
        (":" + hex64, "breaks the OCI grammar"),
        ("sha256:", "digest encoding of"),
        ("sha256:ab!d", "digest encoding of"),
        ("sha256:" + hex64.uppercased(), "64 lowercase hex characters"),
        ("sha256:" + String(hex64.dropLast(2)), "64 lowercase hex characters"),
        ("sha512:" + hex64, "128 lowercase hex characters"),
        ("sha384:" + hex64, "96 lowercase hex characters"),
    ])
    func bad(text: String, reason: String) {
        let error = formatError { _ = try ContentDigest(parsing: text, field: "subject") }
        #expect(error?.code == .invalidField)
        #expect(error?.reason.contains(reason) == true, "\(String(describing: error))")
        #expect(error?.field == "subject")
    }

    @Test("wraps raw hash bytes as lowercase hex")
    func wrapsBytes() throws {
        let bytes = Data((0..<32).map { UInt8($0 * 7 & 0xFF) })
        let digest = try ContentDigest.sha256(bytes: bytes)
        #expect(digest.algorithm == "sha256")
        #expect(digest.encoded == Hex.encode(bytes))
        #expect(digest.bytes == bytes)
        #expect(digest.sha256Hex == Hex.encode(bytes))
        #expect(digest.description == "sha256:" + Hex.encode(bytes))
    }

    @Test("hash output of the wrong length is refused with the expected length")
    func wrongLength() {
        let error = formatError { _ = try ContentDigest(algorithm: "sha256", bytes: Data(count: 20)) }
        #expect(error?.reason == "sha256 digest must be 64 lowercase hex characters")
    }

    @Test("decodes from JSON through the strict decoder and names the field on failure")
    func decodesWithPath() throws {
        struct Holder: Decodable { var digest: ContentDigest }
        let good = try JSONValueDecoder().decode(Holder.self, from: Data(#"{"digest":"sha256:\#(Self.hex64)"}"#.utf8))
        #expect(good.digest.sha256Hex == Self.hex64)
        let error = formatError { _ = try JSONValueDecoder().decode(Holder.self, from: Data(#"{"digest":"sha256:ABC"}"#.utf8)) }
        #expect(error?.field == "digest")
        #expect(error?.reason.contains("lowercase hex") == true)
    }
}
