import Foundation
import Testing
@testable import AirlockFormats

@Suite("Base64 and hex")
struct Base64HexTests {
    @Test("decodes standard and URL-safe, padded or not", arguments: [
        ("", ""), ("Zg==", "f"), ("Zg", "f"), ("Zm8=", "fo"), ("Zm8", "fo"), ("Zm9v", "foo"), ("Zm9vYmFy", "foobar"),
    ])
    func rfc4648(encoded: String, plain: String) {
        #expect(Base64.decode(encoded) == utf8(plain))
    }

    @Test("URL-safe and standard alphabets")
    func alphabets() {
        let bytes = Data([0xFB, 0xFF, 0xBF])
        #expect(Base64.encode(bytes) == "+/+/")
        #expect(Base64.decode("+/+/") == bytes)
        #expect(Base64.decode("-_-_") == bytes)
    }

    @Test("rejects junk", arguments: [
        "Zg=", "Zg===", "Z", "Zm9v\n", " Zm9v", "Zm 9v", "Zm9v=", "Z===", "Zh==", "Zm9=", "+_+_", "Zm9v!", "=Zm9",
    ])
    func rejects(s: String) {
        #expect(Base64.decode(s) == nil)
    }

    @Test("hex round trip")
    func hex() {
        let d = Data([0x00, 0xAB, 0xFF, 0x10])
        #expect(Hex.encode(d) == "00abff10")
        #expect(Hex.decode("00abff10") == d)
        #expect(Hex.decode("00ABFF10") == d)
        #expect(Hex.decode("abc") == nil)
        #expect(Hex.decode("zz") == nil)
        #expect(Hex.isLowercaseHex("00ab"))
        #expect(!Hex.isLowercaseHex("00AB"))
        #expect(!Hex.isLowercaseHex(""))
    }
}
