public import Foundation

/// Strict base64 (RFC 4648) that accepts what protojson and DSSE producers emit: the standard or the
/// URL-safe alphabet (not mixed), padded or unpadded. Whitespace, junk, misplaced padding and
/// non-zero trailing bits are rejected, so every byte string has exactly one accepted spelling per alphabet.
public enum Base64 {
    private static let table: [UInt8] = {
        var t = [UInt8](repeating: 0xFF, count: 256)
        for (i, c) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8.enumerated() {
            t[Int(c)] = UInt8(i)
        }
        return t
    }()

    /// Decodes base64 in either alphabet; nil if the text is not strictly valid.
    public static func decode(_ s: String) -> Data? {
        var input = Array(s.utf8)
        // Padding: only at the end, at most two, and only with a full final quantum.
        var padding = 0
        while let last = input.last, last == UInt8(ascii: "=") {
            input.removeLast()
            padding += 1
        }
        if padding > 0 {
            guard padding <= 2, (input.count + padding) % 4 == 0 else { return nil }
        }
        guard input.count % 4 != 1 else { return nil }
        if padding > 0, input.count % 4 == 0 { return nil }
        var sawStandard = false
        var sawURL = false
        var out = [UInt8]()
        out.reserveCapacity(input.count * 3 / 4)
        var acc: UInt32 = 0
        var bits = 0
        for c in input {
            var v = table[Int(c)]
            if v == 0xFF {
                switch c {
                case UInt8(ascii: "+"): v = 62; sawStandard = true
                case UInt8(ascii: "/"): v = 63; sawStandard = true
                case UInt8(ascii: "-"): v = 62; sawURL = true
                case UInt8(ascii: "_"): v = 63; sawURL = true
                default: return nil
                }
            }
            acc = acc << 6 | UInt32(v)
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: acc >> UInt32(bits)))
                acc &= (1 << UInt32(bits)) - 1
            }
        }
        guard !(sawStandard && sawURL) else { return nil }
        guard acc == 0 else { return nil }  // non-canonical trailing bits
        return Data(out)
    }

    /// Encodes with the standard alphabet and padding.
    public static func encode(_ d: Data) -> String {
        d.base64EncodedString()
    }
}
