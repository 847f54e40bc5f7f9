/// Strict UTF-8 validation (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF.
enum UTF8Validation {
    /// The offset of the first byte of an invalid sequence, or nil if the buffer is valid UTF-8.
    static func firstInvalid(_ b: UnsafeRawBufferPointer) -> Int? {
        var i = 0
        let n = b.count
        let highBits = SIMD16<UInt8>(repeating: 0x80)
        while i < n {
            // Sixteen ASCII bytes at a time (nearly all of a JSON document); a chunk with a high bit falls
            // through to the byte-by-byte check from its first byte.
            if i + 16 <= n, let base = b.baseAddress,
               base.loadUnaligned(fromByteOffset: i, as: SIMD16<UInt8>.self) & highBits == SIMD16<UInt8>(repeating: 0) {
                i += 16
                continue
            }
            let c = b[i]
            if c < 0x80 {
                i += 1
                continue
            }
            let len: Int
            var lo: UInt8 = 0x80
            var hi: UInt8 = 0xBF
            switch c {
            case 0xC2...0xDF: len = 2
            case 0xE0: len = 3; lo = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: len = 3
            case 0xED: len = 3; hi = 0x9F
            case 0xF0: len = 4; lo = 0x90
            case 0xF1...0xF3: len = 4
            case 0xF4: len = 4; hi = 0x8F
            default: return i
            }
            guard i + len <= n else { return i }
            let second = b[i + 1]
            guard second >= lo, second <= hi else { return i }
            for k in 2..<max(2, len) where b[i + k] & 0xC0 != 0x80 {
                return i
            }
            i += len
        }
        return nil
    }

    /// Whether `bytes` are valid UTF-8.
    static func isValid(_ bytes: some Collection<UInt8>) -> Bool {
        let array = Array(bytes)
        return array.withUnsafeBytes { firstInvalid($0) == nil }
    }
}
