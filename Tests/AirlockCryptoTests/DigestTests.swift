import AirlockCrypto
import Foundation
import Testing

/// Known-answer tests for the one-shot and streaming digests (FIPS 180-4 / NIST examples).
struct DigestTests {
    static let vectors: [(DigestAlgorithm, String, String)] = [
        (.sha256, "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        (.sha256, "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (.sha384, "", "38b060a751ac96384cd9327eb1b1e36a21fdb71114be07434c0cc7bf63f6e1da274edebfe76f65fbd51ad2f14898b95b"),
        (.sha384, "abc", "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7"),
        (.sha512, "", "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e"),
        (.sha512, "abc", "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"),
    ]

    @Test(arguments: 0..<vectors.count)
    func oneShotMatchesKnownAnswer(index: Int) {
        let (algorithm, input, expected) = Self.vectors[index]
        let digest = Digest.hash(Data(input.utf8), using: algorithm)
        #expect(digest.hex == expected)
        #expect(digest.count == algorithm.byteCount)
    }

    @Test(arguments: 0..<vectors.count)
    func streamingMatchesKnownAnswer(index: Int) {
        let (algorithm, input, expected) = Self.vectors[index]
        var hasher = StreamingHasher(algorithm)
        for byte in input.utf8 { hasher.update(Data([byte])) }
        #expect(hasher.finalize().hex == expected)
        // After finalize the hasher starts over.
        hasher.update(Data(input.utf8))
        #expect(hasher.finalize().hex == expected)
    }

    @Test func sha256BufferOverloadAgreesWithData() {
        let bytes: [UInt8] = [0x00] + Array(repeating: 0xAB, count: 64)
        let viaBuffer = bytes.withUnsafeBytes { Digest.sha256($0) }
        #expect(viaBuffer == Digest.sha256(Data(bytes)))
        let empty = [UInt8]().withUnsafeBytes { Digest.sha256($0) }
        #expect(empty.hex == Self.vectors[0].2)
    }

    @Test func copiedHasherForksState() {
        var first = StreamingHasher(.sha256)
        first.update(Data("ab".utf8))
        var second = first
        first.update(Data("c".utf8))
        second.update(Data("x".utf8))
        #expect(first.finalize().hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(second.finalize() == Digest.sha256(Data("abx".utf8)))
    }

    @Test func millionAsMatchesNISTLongVector() {
        var hasher = StreamingHasher(.sha256)
        let chunk = Data(repeating: UInt8(ascii: "a"), count: 1000)
        for _ in 0..<1000 { hasher.update(chunk) }
        #expect(hasher.finalize().hex == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }
}

extension Data {
    var hex: String { map { String(format: "%02x", $0) }.joined() }

    init?(hex: String) {
        var bytes: [UInt8] = []
        var iterator = hex.makeIterator()
        while let high = iterator.next() {
            guard let low = iterator.next(), let byte = UInt8(String([high, low]), radix: 16) else { return nil }
            bytes.append(byte)
        }
        self.init(bytes)
    }
}
