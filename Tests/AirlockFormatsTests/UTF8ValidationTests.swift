import Foundation
import Testing
@testable import AirlockFormats

/// `UTF8Validation.firstInvalid` skips ASCII sixteen bytes at a time; it must name the same first invalid
/// byte as the byte-by-byte check, and agree with the standard library on validity.
@Suite("UTF-8 validation: the ASCII fast path finds what the byte-by-byte check finds")
struct UTF8ValidationTests {
    /// Bytes mixing long ASCII runs with multi-byte sequences, some broken, at every offset mod 16.
    static func samples(_ count: Int) -> [[UInt8]] {
        var generator = SystemRandomNumberGenerator()
        let pieces: [[UInt8]] = [Array("é".utf8), Array("漢".utf8), Array("🙂".utf8), [0xC3], [0xE2, 0x82], [0xF0, 0x9F, 0x99],
                                 [0xFF], [0x80], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xF4, 0x90, 0x80, 0x80]]
        return (0..<count).map { _ in
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0...6, using: &generator) {
                bytes += (0..<Int.random(in: 0...40, using: &generator)).map { _ in UInt8.random(in: 0x20...0x7E, using: &generator) }
                if Bool.random(using: &generator) { bytes += pieces.randomElement(using: &generator)! }
            }
            return bytes
        }
    }

    @Test("5,000 generated buffers: the same validity as String(validating:), and the invalid offset is a real start of invalid bytes")
    func agrees() {
        var differ: [String] = []
        for bytes in Self.samples(5_000) {
            let offset = bytes.withUnsafeBytes { UTF8Validation.firstInvalid($0) }
            let valid = String(validating: bytes, as: UTF8.self) != nil
            if (offset == nil) != valid { differ.append("\(bytes)") ; continue }
            if let offset {
                // Everything before the offset is valid, and the offset starts no valid sequence.
                let before = String(validating: bytes[..<offset], as: UTF8.self) != nil
                let restValid = bytes[offset...].withUnsafeBytes { UTF8Validation.firstInvalid($0) } == 0
                if !before || !restValid { differ.append("\(bytes) at \(offset)") }
            }
        }
        #expect(differ.isEmpty, "\(differ.prefix(5))")
    }

    @Test("a bad byte right after a run of 16, 31 and 32 ASCII bytes is found at its offset")
    func boundaries() {
        for run in [15, 16, 17, 31, 32, 33] {
            let bytes = Array(repeating: UInt8(ascii: "a"), count: run) + [0xFF] + Array(repeating: UInt8(ascii: "b"), count: 20)
            #expect(bytes.withUnsafeBytes { UTF8Validation.firstInvalid($0) } == run)
        }
    }
}
