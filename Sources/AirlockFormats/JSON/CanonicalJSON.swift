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
        try writeJCS(v, into: &out)
        return Data(out)
    }

    /// securesystemslib canonical JSON: members sorted by code point, only `"` and `\` escaped,
    /// integers only (a non-integer number throws `invalidField`).
    public static func olpc(_ v: JSONValue) throws -> Data {
        var out = [UInt8]()
        try writeOLPC(v, into: &out)
        return Data(out)
    }

    /// Whitespace-free JSON in document order, numbers as written, strings JCS-escaped.
    public static func compact(_ v: JSONValue) -> Data {
        var out = [UInt8]()
        writeCompact(v, into: &out)
        return Data(out)
    }

    // MARK: JCS

    private static func writeJCS(_ v: JSONValue, into out: inout [UInt8]) throws {
        switch v {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .number(let n):
            guard let s = ES6Number.format(n.double) else {
                throw FormatError(.invalidField, "number \(n.lexeme) is not finite and cannot be canonicalised")
            }
            out.append(contentsOf: s.utf8)
        case .string(let s): writeEscapedString(s, into: &out)
        case .array(let a):
            out.append(UInt8(ascii: "["))
            for (i, e) in a.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                try writeJCS(e, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let o):
            let sorted = o.members.sorted { $0.key.utf16.lexicographicallyPrecedes($1.key.utf16) }
            out.append(UInt8(ascii: "{"))
            for (i, m) in sorted.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                writeEscapedString(m.key, into: &out)
                out.append(UInt8(ascii: ":"))
                try writeJCS(m.value, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// JSON string with JCS (= ECMAScript `JSON.stringify`) escaping: `"` `\` and the C0 controls;
    /// `\b \t \n \f \r` in short form, other controls as lowercase `\u00xx`; everything else raw UTF-8.
    static func writeEscapedString(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for b in s.utf8 {
            switch b {
            case 0x22: out.append(contentsOf: [0x5C, 0x22])
            case 0x5C: out.append(contentsOf: [0x5C, 0x5C])
            case 0x08: out.append(contentsOf: [0x5C, UInt8(ascii: "b")])
            case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0C: out.append(contentsOf: [0x5C, UInt8(ascii: "f")])
            case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x00..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: Array("\\u00".utf8))
                out.append(hex[Int(b >> 4)])
                out.append(hex[Int(b & 0x0F)])
            default: out.append(b)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    // MARK: OLPC

    private static func writeOLPC(_ v: JSONValue, into out: inout [UInt8]) throws {
        switch v {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .number(let n):
            guard n.isInteger else {
                throw FormatError(.invalidField, "canonical JSON (OLPC) allows only integers, found \(n.lexeme)")
            }
            guard let i = n.int64 else {
                throw FormatError(.invalidField, "integer \(n.lexeme) is outside the 64-bit range")
            }
            out.append(contentsOf: String(i).utf8)
        case .string(let s): writeOLPCString(s, into: &out)
        case .array(let a):
            out.append(UInt8(ascii: "["))
            for (i, e) in a.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                try writeOLPC(e, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let o):
            // UTF-8 byte order equals code-point order.
            let sorted = o.members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            out.append(UInt8(ascii: "{"))
            for (i, m) in sorted.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                writeOLPCString(m.key, into: &out)
                out.append(UInt8(ascii: ":"))
                try writeOLPC(m.value, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    private static func writeOLPCString(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for b in s.utf8 {
            if b == 0x22 || b == 0x5C { out.append(0x5C) }
            out.append(b)
        }
        out.append(UInt8(ascii: "\""))
    }

    // MARK: compact

    private static func writeCompact(_ v: JSONValue, into out: inout [UInt8]) {
        switch v {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .number(let n): out.append(contentsOf: n.lexeme.utf8)
        case .string(let s): writeEscapedString(s, into: &out)
        case .array(let a):
            out.append(UInt8(ascii: "["))
            for (i, e) in a.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                writeCompact(e, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let o):
            out.append(UInt8(ascii: "{"))
            for (i, m) in o.members.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                writeEscapedString(m.key, into: &out)
                out.append(UInt8(ascii: ":"))
                writeCompact(m.value, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }
}
