public import Foundation

/// A parsed JSON document, kept generic so that signed content (in-toto `signed`, predicates) can be
/// re-canonicalised exactly, including fields this build does not model.
public indirect enum JSONValue: Sendable, Hashable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number, with its original lexeme.
    case number(JSONNumber)
    /// A string (always valid Unicode; lone surrogates are rejected at parse time).
    case string(String)
    /// An array, in document order.
    case array([JSONValue])
    /// An object, in document order, without duplicate keys.
    case object(JSONObject)

    /// Parses strict RFC 8259 JSON (UTF-8, no BOM, no trailing garbage, no duplicate keys),
    /// enforcing `limits.maxJSONBytes` and `limits.maxJSONDepth`.
    public static func parse(_ data: Data, limits: Limits = .default) throws -> JSONValue {
        guard data.count <= limits.maxJSONBytes else {
            throw FormatError(.limitExceeded, "JSON document is \(data.count) bytes; the limit is \(limits.maxJSONBytes)")
        }
        return try data.withUnsafeBytes { buffer in
            var parser = JSONParser(buffer, maxDepth: limits.maxJSONDepth)
            return try parser.parseDocument()
        }
    }

    /// The string, if this is a string.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The object, if this is an object.
    public var objectValue: JSONObject? {
        if case .object(let o) = self { return o }
        return nil
    }

    /// The array, if this is an array.
    public var arrayValue: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// The number, if this is a number.
    public var numberValue: JSONNumber? {
        if case .number(let n) = self { return n }
        return nil
    }

    /// The boolean, if this is a boolean.
    public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    /// A short name of the JSON type, for error messages.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}

/// A JSON number that keeps its exact source text, so integers beyond 2^53 are not silently rounded and
/// canonical encoders can tell integers from floats.
public struct JSONNumber: Sendable, Hashable, CustomStringConvertible {
    /// The number as written in the document (always a valid RFC 8259 number).
    public let lexeme: String

    /// Wraps a lexeme; the caller guarantees it is RFC 8259 number syntax (the parser does).
    init(lexeme: String) {
        self.lexeme = lexeme
    }

    /// Makes a number from an integer.
    public init(_ value: Int64) {
        self.lexeme = String(value)
    }

    /// Whether the lexeme is written as an integer (no fraction, no exponent).
    public var isInteger: Bool {
        !lexeme.utf8.contains { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }
    }

    /// The value as `Int64`, if the lexeme is an integer that fits.
    public var int64: Int64? {
        isInteger ? Int64(lexeme) : nil
    }

    /// The value as the nearest `Double` (infinite if out of range).
    public var double: Double {
        Double(lexeme) ?? .nan
    }

    /// The lexeme.
    public var description: String { lexeme }

    /// Numbers are equal when they denote the same value and are both integers or both not
    /// (`1` and `1.0` differ, as canonical JSON forms treat them differently; `1e2` equals `100.0`).
    public static func == (lhs: JSONNumber, rhs: JSONNumber) -> Bool {
        if let a = lhs.int64, let b = rhs.int64 { return a == b }
        if lhs.isInteger != rhs.isInteger { return false }
        if lhs.isInteger, lhs.int64 == nil || rhs.int64 == nil { return lhs.lexeme == rhs.lexeme }
        return lhs.double == rhs.double
    }

    /// Hashes consistently with `==`.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(isInteger)
        if let i = int64 {
            hasher.combine(i)
        } else if isInteger {
            hasher.combine(lexeme)
        } else {
            hasher.combine(double)
        }
    }
}
