public import Foundation

/// Canonical JSON encoders: the byte-exact serialisations that signatures are computed over.
///
/// - `rfc8785`: RFC 8785 JCS, used by Rekor (SET payloads, Rekor v2 bodies).
/// - `olpc`: the securesystemslib / OLPC flavour, used by in-toto Metablocks and TUF.
/// - `compact`: plain whitespace-free JSON in document order (not canonical; for display and storage).
public enum CanonicalJSON {
    /// RFC 8785 JCS: members sorted by UTF-16 code units, ES6 number serialisation, JCS string escaping.
    /// Throws `invalidField` for a non-finite number.
    public static func rfc8785(_ v: JSONValue) throws -> Data {
        var out = [UInt8]()
        try write(v, .jcs, into: &out)
        return Data(out)
    }

    /// securesystemslib canonical JSON: members sorted by code point, only `"` and `\` escaped,
    /// integers only (a non-integer number throws `invalidField`).
    public static func olpc(_ v: JSONValue) throws -> Data {
        var out = [UInt8]()
        try write(v, .olpc, into: &out)
        return Data(out)
    }

    /// Whitespace-free JSON in document order, numbers as written, strings JCS-escaped.
    public static func compact(_ v: JSONValue) -> Data {
        var out = [UInt8]()
        do { try write(v, .compact, into: &out) } catch { preconditionFailure("the compact form has no failing number: \(error)") }
        return Data(out)
    }

    // MARK: one writer, three forms

    /// What tells the three forms apart: how numbers and strings are written and how members are ordered.
    private struct Form: Sendable {
        /// The text of a number, or a throw when the form cannot represent it.
        let number: @Sendable (JSONNumber) throws -> String
        /// Appends a quoted, escaped string.
        let string: @Sendable (String, inout [UInt8]) -> Void
        /// Member order; nil keeps document order.
        let precedes: (@Sendable (String, String) -> Bool)?

        /// RFC 8785: ES6 numbers, JCS escaping, members by UTF-16 code units.
        static let jcs = Form(number: { n in
            guard let s = ES6Number.format(n.double) else {
                throw FormatError(.invalidField, "number \(n.lexeme) is not finite and cannot be canonicalised")
            }
            return s
        }, string: CanonicalJSON.writeEscapedString, precedes: { $0.utf16.lexicographicallyPrecedes($1.utf16) })

        /// OLPC: 64-bit integers only, only `"` and `\` escaped, members by code point (= UTF-8 byte order).
        static let olpc = Form(number: { n in
            guard n.isInteger else {
                throw FormatError(.invalidField, "canonical JSON (OLPC) allows only integers, found \(n.lexeme)")
            }
            guard let i = n.int64 else {
                throw FormatError(.invalidField, "integer \(n.lexeme) is outside the 64-bit range")
            }
            return String(i)
        }, string: CanonicalJSON.writeOLPCString, precedes: { $0.utf8.lexicographicallyPrecedes($1.utf8) })

        /// Compact: numbers as written, JCS escaping, document order.
        static let compact = Form(number: { $0.lexeme }, string: CanonicalJSON.writeEscapedString, precedes: nil)
    }

    private static func write(_ v: JSONValue, _ form: Form, into out: inout [UInt8]) throws {
        switch v {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .number(let n): out.append(contentsOf: try form.number(n).utf8)
        case .string(let s): form.string(s, &out)
        case .array(let a):
            out.append(UInt8(ascii: "["))
            for (i, e) in a.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                try write(e, form, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let o):
            let members = form.precedes.map { precedes in o.members.sorted { precedes($0.key, $1.key) } } ?? Array(o.members)
            out.append(UInt8(ascii: "{"))
            for (i, m) in members.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                form.string(m.key, &out)
                out.append(UInt8(ascii: ":"))
                try write(m.value, form, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// JSON string with JCS (= ECMAScript `JSON.stringify`) escaping: `"` `\` and the C0 controls;
    /// `\b \t \n \f \r` in short form, other controls as lowercase `\u00xx`; everything else raw UTF-8.
    /// Runs of bytes that need no escape (nearly every string: digests, names, URLs) are copied at once.
    /// The one writer of RFC 8785 strings: the canonicaliser and the decision log's spliced entries use it.
    public static func writeEscapedString(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var copy = s
        copy.withUTF8 { bytes in
            var start = 0
            for index in bytes.indices {
                let b = bytes[index]
                guard b < 0x20 || b == 0x22 || b == 0x5C else { continue }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
                appendEscape(b, into: &out)
                start = index + 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
        }
        out.append(UInt8(ascii: "\""))
    }

    /// The JCS escape of one byte that needs one (`"`, `\\` or a C0 control).
    private static func appendEscape(_ b: UInt8, into out: inout [UInt8]) {
        out.append(contentsOf: stringEscapes[Int(b)])
    }

    /// The JCS (RFC 8785 §3.2.2.2) escape of each byte inside a string, by byte value: empty for a byte
    /// written as is; `\"`, `\\`, `\b \t \n \f \r`, and lower-case `\u00xx` for the other C0 controls.
    /// The one table every writer and comparer of canonical strings uses (`writeEscapedString`, the
    /// decision log's entries and its byte-for-byte scan).
    public static let stringEscapes: [[UInt8]] = (0..<256).map { value -> [UInt8] in
        let hex = Array("0123456789abcdef".utf8)
        switch value {
        case 0x22: return [0x5C, 0x22]
        case 0x5C: return [0x5C, 0x5C]
        case 0x08: return [0x5C, UInt8(ascii: "b")]
        case 0x09: return [0x5C, UInt8(ascii: "t")]
        case 0x0A: return [0x5C, UInt8(ascii: "n")]
        case 0x0C: return [0x5C, UInt8(ascii: "f")]
        case 0x0D: return [0x5C, UInt8(ascii: "r")]
        case 0x00..<0x20: return [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[value >> 4], hex[value & 0x0F]]
        default: return []
        }
    }

    // MARK: OLPC strings

    private static func writeOLPCString(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for b in s.utf8 {
            if b == 0x22 || b == 0x5C { out.append(0x5C) }
            out.append(b)
        }
        out.append(UInt8(ascii: "\""))
    }
}
