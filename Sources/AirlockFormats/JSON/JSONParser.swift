import Foundation
/// A strict RFC 8259 parser working directly on UTF-8 bytes.
///
/// Rejects: a byte-order mark, trailing garbage, leading zeros, `+` signs, bare `.5` / `5.`, control
/// characters inside strings, invalid UTF-8 (overlongs, surrogates, > U+10FFFF), lone surrogate
/// escapes, duplicate object keys, and nesting deeper than the limit.
struct JSONParser {
    private let bytes: UnsafeRawBufferPointer
    private var pos = 0
    private let maxDepth: Int
    private var depth = 0

    init(_ bytes: UnsafeRawBufferPointer, maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    mutating func parseDocument() throws -> JSONValue {
        skipWhitespace()
        let value = try parseValue()
        skipWhitespace()
        guard pos == bytes.count else { throw fail("trailing data after the JSON value") }
        return value
    }

    // MARK: helpers

    private func fail(_ reason: String, at offset: Int? = nil) -> FormatError {
        FormatError(.malformedJSON, "\(reason) at byte \(offset ?? pos)")
    }

    private var peek: UInt8? { pos < bytes.count ? bytes[pos] : nil }

    private mutating func skipWhitespace() {
        while pos < bytes.count {
            switch bytes[pos] {
            case 0x20, 0x09, 0x0A, 0x0D: pos += 1
            default: return
            }
        }
    }

    private mutating func expectLiteral(_ literal: StaticString) throws {
        let n = literal.utf8CodeUnitCount
        guard pos + n <= bytes.count else { throw fail("truncated literal") }
        let lit = literal.utf8Start
        for i in 0..<n where bytes[pos + i] != lit[i] {
            throw fail("invalid literal")
        }
        pos += n
    }

    // MARK: values

    private mutating func parseValue() throws -> JSONValue {
        guard let c = peek else { throw fail("unexpected end of input") }
        switch c {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        case 0xEF: throw fail("byte-order mark or unexpected byte")
        default: throw fail("unexpected character \(Self.describe(c))")
        }
    }

    private static func describe(_ c: UInt8) -> String {
        (0x21...0x7E).contains(c) ? "'\(Character(Unicode.Scalar(c)))'" : String(format: "0x%02X", c)
    }

    private mutating func enter() throws {
        depth += 1
        guard depth <= maxDepth else {
            throw FormatError(.limitExceeded, "JSON nesting deeper than \(maxDepth) at byte \(pos)")
        }
    }

    private mutating func parseObject() throws -> JSONValue {
        try enter()
        pos += 1
        var object = JSONObject()
        skipWhitespace()
        if peek == UInt8(ascii: "}") {
            pos += 1
            depth -= 1
            return .object(object)
        }
        while true {
            skipWhitespace()
            guard peek == UInt8(ascii: "\"") else { throw fail("expected a string key") }
            let keyStart = pos
            let key = try parseString()
            skipWhitespace()
            guard peek == UInt8(ascii: ":") else { throw fail("expected ':'") }
            pos += 1
            skipWhitespace()
            let value = try parseValue()
            guard object.appendUnique(key, value) else {
                throw fail("duplicate object key \"\(key)\"", at: keyStart)
            }
            skipWhitespace()
            switch peek {
            case UInt8(ascii: ","): pos += 1
            case UInt8(ascii: "}"):
                pos += 1
                depth -= 1
                return .object(object)
            default: throw fail("expected ',' or '}'")
            }
        }
    }

    private mutating func parseArray() throws -> JSONValue {
        try enter()
        pos += 1
        var array: [JSONValue] = []
        skipWhitespace()
        if peek == UInt8(ascii: "]") {
            pos += 1
            depth -= 1
            return .array(array)
        }
        while true {
            skipWhitespace()
            array.append(try parseValue())
            skipWhitespace()
            switch peek {
            case UInt8(ascii: ","): pos += 1
            case UInt8(ascii: "]"):
                pos += 1
                depth -= 1
                return .array(array)
            default: throw fail("expected ',' or ']'")
            }
        }
    }

    // MARK: numbers

    private mutating func digits() -> Int {
        let start = pos
        while let c = peek, c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") { pos += 1 }
        return pos - start
    }

    private mutating func parseNumber() throws -> JSONNumber {
        let start = pos
        if peek == UInt8(ascii: "-") { pos += 1 }
        if peek == UInt8(ascii: "0") {
            pos += 1
            if let c = peek, c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") { throw fail("number with a leading zero") }
        } else if digits() == 0 {
            throw fail("expected a digit")
        }
        if peek == UInt8(ascii: ".") {
            pos += 1
            guard digits() > 0 else { throw fail("expected a digit after '.'") }
        }
        if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
            pos += 1
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { pos += 1 }
            guard digits() > 0 else { throw fail("expected a digit in the exponent") }
        }
        let lexeme = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<pos]), as: UTF8.self)
        return JSONNumber(lexeme: lexeme)
    }

    // MARK: strings

    private mutating func parseString() throws -> String {
        pos += 1  // opening quote
        let start = pos
        // Fast path: no escapes.
        while pos < bytes.count {
            let c = bytes[pos]
            if c == UInt8(ascii: "\"") {
                let slice = UnsafeRawBufferPointer(rebasing: bytes[start..<pos])
                try validateUTF8(slice, base: start)
                pos += 1
                return String(decoding: slice, as: UTF8.self)
            }
            if c == UInt8(ascii: "\\") { break }
            if c < 0x20 { throw fail("unescaped control character in string") }
            pos += 1
        }
        // Slow path: decode escapes into a byte buffer.
        var out: [UInt8] = Array(UnsafeRawBufferPointer(rebasing: bytes[start..<pos]))
        var rawStart = pos
        while true {
            guard pos < bytes.count else { throw fail("unterminated string") }
            let c = bytes[pos]
            if c == UInt8(ascii: "\"") {
                try validateUTF8(UnsafeRawBufferPointer(rebasing: bytes[rawStart..<pos]), base: rawStart)
                out.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[rawStart..<pos]))
                pos += 1
                try validateUTF8Array(out)
                return String(decoding: out, as: UTF8.self)
            }
            if c < 0x20 { throw fail("unescaped control character in string") }
            if c != UInt8(ascii: "\\") {
                pos += 1
                continue
            }
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[rawStart..<pos]))
            pos += 1
            guard let e = peek else { throw fail("unterminated escape") }
            pos += 1
            switch e {
            case UInt8(ascii: "\""): out.append(0x22)
            case UInt8(ascii: "\\"): out.append(0x5C)
            case UInt8(ascii: "/"): out.append(0x2F)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"): try appendUnicodeEscape(&out)
            default: throw fail("invalid escape \\\(Self.describe(e))", at: pos - 2)
            }
            rawStart = pos
        }
    }

    private mutating func hex4() throws -> UInt32 {
        guard pos + 4 <= bytes.count else { throw fail("truncated \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[pos]
            let d: UInt32
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(c - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(c - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(c - UInt8(ascii: "A") + 10)
            default: throw fail("invalid hex digit in \\u escape")
            }
            v = v << 4 | d
            pos += 1
        }
        return v
    }

    private mutating func appendUnicodeEscape(_ out: inout [UInt8]) throws {
        let escapeStart = pos - 2
        var scalar = try hex4()
        if (0xD800...0xDBFF).contains(scalar) {
            guard pos + 6 <= bytes.count, bytes[pos] == UInt8(ascii: "\\"), bytes[pos + 1] == UInt8(ascii: "u") else {
                throw fail("lone high surrogate in \\u escape", at: escapeStart)
            }
            pos += 2
            let low = try hex4()
            guard (0xDC00...0xDFFF).contains(low) else { throw fail("high surrogate not followed by a low surrogate", at: escapeStart) }
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
        } else if (0xDC00...0xDFFF).contains(scalar) {
            throw fail("lone low surrogate in \\u escape", at: escapeStart)
        }
        UTF8.encode(Unicode.Scalar(scalar)!) { out.append($0) }
    }

    private func validateUTF8(_ slice: UnsafeRawBufferPointer, base: Int) throws {
        if let bad = UTF8Validation.firstInvalid(slice) { throw fail("invalid UTF-8", at: base + bad) }
    }

    private func validateUTF8Array(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { buf in
            if UTF8Validation.firstInvalid(buf) != nil { throw fail("invalid UTF-8 in string") }
        }
    }
}
