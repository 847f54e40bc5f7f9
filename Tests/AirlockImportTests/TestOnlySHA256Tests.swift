import Foundation
import Testing
import AirlockStore

@Test("test-only SHA-256 matches FIPS 180-4 known answers, across chunk boundaries")
func testOnlySHA256KnownAnswers() {
    let cases: [(String, String)] = [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ]
    for (input, expected) in cases {
        #expect(ContentHashing.sha256Hex(of: Data(input.utf8), using: TestOnlySHA256.factory) == expected)
    }
    var hasher = TestOnlySHA256()
    let million = Data(repeating: 0x61, count: 1_000_000)
    for start in stride(from: 0, to: million.count, by: 777) {
        million[start..<min(start + 777, million.count)].withUnsafeBytes { hasher.update($0) }
    }
    #expect(hasher.finalize().lowercaseHex == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
}
