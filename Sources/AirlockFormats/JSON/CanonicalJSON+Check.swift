public import Foundation

extension CanonicalJSON {
    /// Whether `bytes` are already RFC 8785 canonical JSON, decided in one pass without building a
    /// value: true only when `rfc8785(JSONValue.parse(bytes))` would give exactly these bytes.
    ///
    /// Conservative: it answers false (so the caller canonicalises the slow way, which decides) for
    /// anything it does not prove: whitespace, a member key that is not ASCII (JCS orders keys by UTF-16
    /// code units; for ASCII that is byte order), keys not strictly ascending, a number other than an
    /// integer of at most 15 digits without a sign on zero (ES6 writes those as is), an escape JCS
    /// would not write (`\/`, `\u0041`, a surrogate pair, `\u000a` for `\n`, upper-case hex), a raw
    /// control character, invalid UTF-8, trailing bytes, or a document `JSONValue.parse` would refuse
    /// under `limits` (larger than `maxJSONBytes`, containers nested deeper than `maxJSONDepth`), so the
    /// check and the parser agree on what is JSON at all.
    public static func isRFC8785(_ bytes: UnsafeRawBufferPointer, limits: Limits = .default) -> Bool {
        guard bytes.count <= limits.maxJSONBytes else { return false }
        var checker = CanonicalChecker(bytes, maxDepth: limits.maxJSONDepth)
        guard checker.value(depth: 0) else { return false }
        return checker.position == bytes.count
    }

    /// `isRFC8785` over `Data`.
    public static func isRFC8785(_ data: Data, limits: Limits = .default) -> Bool {
        data.withUnsafeBytes { isRFC8785($0, limits: limits) }
    }
}

/// The single pass behind `CanonicalJSON.isRFC8785`.
private struct CanonicalChecker {
    let bytes: UnsafeRawBufferPointer
    /// Containers allowed inside one another (the top-level one counts), as `JSONParser` counts them.
    let maxDepth: Int
    var position = 0

    init(_ bytes: UnsafeRawBufferPointer, maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    private var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    private mutating func take(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard position + count <= bytes.count else { return false }
        for offset in 0..<count where bytes[position + offset] != literal.utf8Start[offset] { return false }
        position += count
        return true
    }

    mutating func value(depth: Int) -> Bool {
        guard let byte = current else { return false }
        switch byte {
        case 0x7B: return depth < maxDepth && object(depth: depth)
        case 0x5B: return depth < maxDepth && array(depth: depth)
        case 0x22: return string() != nil
        case 0x74: return take("true")
        case 0x66: return take("false")
        case 0x6E: return take("null")
        default: return number()
        }
    }

    private mutating func object(depth: Int) -> Bool {
        position += 1
        if current == 0x7D { position += 1; return true }
        var previous: Range<Int>?
        while true {
            guard current == 0x22, let key = string(), key.ascii else { return false }
            if let previous {
                let before = UnsafeRawBufferPointer(rebasing: bytes[previous]), now = UnsafeRawBufferPointer(rebasing: bytes[key.range])
                guard before.lexicographicallyPrecedes(now) else { return false }
            }
            previous = key.range
            guard current == 0x3A else { return false }
            position += 1
            guard value(depth: depth + 1) else { return false }
            switch current {
            case 0x2C: position += 1
            case 0x7D: position += 1; return true
            default: return false
            }
        }
    }

    private mutating func array(depth: Int) -> Bool {
        position += 1
        if current == 0x5D { position += 1; return true }
        while true {
            guard value(depth: depth + 1) else { return false }
            switch current {
            case 0x2C: position += 1
            case 0x5D: position += 1; return true
            default: return false
            }
        }
    }

    /// A string as JCS writes it; returns the range of its raw content and whether it is plain ASCII
    /// (no byte above 0x7F and no escape, so its bytes sort as JCS sorts keys), or nil.
    private mutating func string() -> (range: Range<Int>, ascii: Bool)? {
        position += 1
        let start = position
        var ascii = true
        while let byte = current {
            switch byte {
            case 0x22:
                let range = start..<position
                position += 1
                if UTF8Validation.firstInvalid(UnsafeRawBufferPointer(rebasing: bytes[range])) != nil { return nil }
                return (range, ascii)
            case 0x5C:
                guard position + 1 < bytes.count else { return nil }
                switch bytes[position + 1] {
                case 0x22, 0x5C, 0x62, 0x66, 0x6E, 0x72, 0x74: position += 2; ascii = false
                case 0x75:
                    // Only \u00XX for a control character without a short form, in lower-case hex.
                    guard position + 6 <= bytes.count, bytes[position + 2] == 0x30, bytes[position + 3] == 0x30,
                          let high = Self.lowerHex(bytes[position + 4]), let low = Self.lowerHex(bytes[position + 5]),
                          high < 2, ![0x08, 0x09, 0x0A, 0x0C, 0x0D].contains(high << 4 | low) else { return nil }
                    position += 6
                    ascii = false
                default: return nil
                }
            case 0x00..<0x20: return nil
            case 0x80...: ascii = false; position += 1
            default: position += 1
            }
        }
        return nil
    }

    private static func lowerHex(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x61...0x66: byte - 0x61 + 10
        default: nil
        }
    }

    /// An integer of at most 15 digits, no leading zero, no `-0`.
    private mutating func number() -> Bool {
        let start = position
        if current == 0x2D { position += 1 }
        let digits = position
        while let byte = current, (0x30...0x39).contains(byte) { position += 1 }
        let count = position - digits
        guard count >= 1, count <= 15 else { return false }
        if bytes[digits] == 0x30 { return count == 1 && digits == start }
        return true
    }
}
