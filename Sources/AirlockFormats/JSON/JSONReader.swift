public import Foundation

/// A JSON value together with its path in the document, so every decoding error names the exact field
/// (for example `verificationMaterial.tlogEntries[0].inclusionProof.hashes[2]`).
public struct JSONReader: Sendable {
    /// The value being read.
    public let value: JSONValue
    /// Its path from the document root ("" for the root).
    public let path: String
    /// Whether object lookups also try the snake_case spelling of a camelCase key (protojson input).
    public let snakeCaseAliases: Bool

    /// Starts reading at the document root.
    public init(_ value: JSONValue, path: String = "", snakeCaseAliases: Bool = false) {
        self.value = value
        self.path = path
        self.snakeCaseAliases = snakeCaseAliases
    }

    /// An error attributed to this value's path.
    public func error(_ code: FormatError.Code, _ reason: String) -> FormatError {
        FormatError(code, reason, field: path.isEmpty ? "(root)" : path)
    }

    private func typeError(_ expected: String) -> FormatError {
        error(.invalidField, "expected \(expected), found \(value.typeName)")
    }

    /// The value as an object.
    public func object() throws -> JSONObjectReader {
        guard case .object(let o) = value else { throw typeError("an object") }
        return JSONObjectReader(object: o, path: path, snakeCaseAliases: snakeCaseAliases)
    }

    /// The value as a string.
    public func string() throws -> String {
        guard case .string(let s) = value else { throw typeError("a string") }
        return s
    }

    /// The value as a non-empty string.
    public func nonEmptyString() throws -> String {
        let s = try string()
        guard !s.isEmpty else { throw error(.invalidField, "must not be empty") }
        return s
    }

    /// The value as a boolean.
    public func bool() throws -> Bool {
        guard case .bool(let b) = value else { throw typeError("a boolean") }
        return b
    }

    /// The value as a signed 64-bit integer: a JSON integer, or (protojson style) a decimal string.
    public func int64(allowString: Bool = true) throws -> Int64 {
        switch value {
        case .number(let n):
            guard n.isInteger else { throw error(.invalidField, "expected an integer, found \(n.lexeme)") }
            guard let i = n.int64 else { throw error(.invalidField, "integer \(n.lexeme) does not fit in 64 bits") }
            return i
        case .string(let s) where allowString:
            let body = s.hasPrefix("-") ? s.dropFirst() : Substring(s)
            guard !body.isEmpty, body.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
                throw error(.invalidField, "expected a decimal integer string, found \"\(s.prefix(40))\"")
            }
            guard let i = Int64(s) else { throw error(.invalidField, "integer \(s) does not fit in 64 bits") }
            return i
        default:
            throw typeError(allowString ? "an integer or integer string" : "an integer")
        }
    }

    /// The value as base64-encoded bytes (standard or URL-safe alphabet, padded or not).
    public func base64() throws -> Data {
        let s = try string()
        guard let d = Base64.decode(s) else { throw error(.badBase64, "not valid base64") }
        return d
    }

    /// The value as an array of readers, optionally capped (`limitExceeded` beyond `maxCount`).
    public func array(maxCount: Int? = nil) throws -> [JSONReader] {
        guard case .array(let a) = value else { throw typeError("an array") }
        if let maxCount, a.count > maxCount {
            throw error(.limitExceeded, "has \(a.count) elements; the limit is \(maxCount)")
        }
        return a.enumerated().map {
            JSONReader($0.element, path: "\(path)[\($0.offset)]", snakeCaseAliases: snakeCaseAliases)
        }
    }
}

/// A JSON object with its path; typed lookups that throw `FormatError`s naming the full field path.
///
/// Members not asked for are ignored: parsers built on this reader are forward compatible with new
/// optional fields. A JSON `null` member is treated as absent (as protojson does).
public struct JSONObjectReader: Sendable {
    /// The object being read.
    public let object: JSONObject
    /// Its path from the document root.
    public let path: String
    /// Whether lookups also try the snake_case spelling of a camelCase key.
    public let snakeCaseAliases: Bool

    /// Wraps an object found at `path`.
    public init(object: JSONObject, path: String = "", snakeCaseAliases: Bool = false) {
        self.object = object
        self.path = path
        self.snakeCaseAliases = snakeCaseAliases
    }

    /// The path of member `key`.
    public func childPath(_ key: String) -> String {
        path.isEmpty ? key : "\(path).\(key)"
    }

    /// An error attributed to this object's path.
    public func error(_ code: FormatError.Code, _ reason: String) -> FormatError {
        FormatError(code, reason, field: path.isEmpty ? "(root)" : path)
    }

    /// The member `key` (or its snake_case alias), nil if absent or null.
    public func optionalValue(_ key: String) throws -> JSONReader? {
        var found = object[key]
        if snakeCaseAliases {
            let alias = Self.snakeCase(key)
            if alias != key, let aliased = object[alias], aliased != .null {
                if let found, found != .null {
                    throw FormatError(.invalidField, "both \(key) and \(alias) are present", field: childPath(key))
                }
                found = aliased
            }
        }
        guard let found, found != .null else { return nil }
        return JSONReader(found, path: childPath(key), snakeCaseAliases: snakeCaseAliases)
    }

    /// The member `key`, which must be present and not null.
    public func value(_ key: String) throws -> JSONReader {
        guard let v = try optionalValue(key) else {
            throw FormatError(.missingField, "required field is missing", field: childPath(key))
        }
        return v
    }

    /// A required string member.
    public func string(_ key: String) throws -> String { try value(key).string() }
    /// A required, non-empty string member.
    public func nonEmptyString(_ key: String) throws -> String { try value(key).nonEmptyString() }
    /// An optional string member.
    public func optionalString(_ key: String) throws -> String? { try optionalValue(key)?.string() }
    /// A required integer member (JSON integer, or a decimal string when `allowString`).
    public func int64(_ key: String, allowString: Bool = true) throws -> Int64 {
        try value(key).int64(allowString: allowString)
    }
    /// An optional integer member.
    public func optionalInt64(_ key: String, allowString: Bool = true) throws -> Int64? {
        try optionalValue(key)?.int64(allowString: allowString)
    }
    /// A required boolean member.
    public func bool(_ key: String) throws -> Bool { try value(key).bool() }
    /// An optional boolean member.
    public func optionalBool(_ key: String) throws -> Bool? { try optionalValue(key)?.bool() }
    /// A required base64 member.
    public func base64(_ key: String) throws -> Data { try value(key).base64() }
    /// An optional base64 member.
    public func optionalBase64(_ key: String) throws -> Data? { try optionalValue(key)?.base64() }
    /// A required, non-empty base64 member (protojson omits empty bytes, so empty means absent).
    public func nonEmptyBase64(_ key: String) throws -> Data {
        let d = try base64(key)
        guard !d.isEmpty else { throw FormatError(.missingField, "required bytes are empty", field: childPath(key)) }
        return d
    }
    /// A required object member.
    public func object(_ key: String) throws -> JSONObjectReader { try value(key).object() }
    /// An optional object member.
    public func optionalObject(_ key: String) throws -> JSONObjectReader? { try optionalValue(key)?.object() }
    /// A required array member, optionally capped.
    public func array(_ key: String, maxCount: Int? = nil) throws -> [JSONReader] {
        try value(key).array(maxCount: maxCount)
    }
    /// An optional array member (absent means empty), optionally capped.
    public func optionalArray(_ key: String, maxCount: Int? = nil) throws -> [JSONReader] {
        try optionalValue(key)?.array(maxCount: maxCount) ?? []
    }

    /// `logIndex` → `log_index`: the proto field name protojson also accepts.
    static func snakeCase(_ key: String) -> String {
        var out = ""
        for ch in key {
            if ch.isUppercase {
                out.append("_")
                out.append(contentsOf: ch.lowercased())
            } else {
                out.append(ch)
            }
        }
        return out
    }
}
