public import Foundation

/// Decodes `Decodable` types from a `JSONValue` that `JSONValue.parse` produced, so documents read
/// through `Codable` (OCI manifests, cosign payloads, bundle manifests, key files) meet the same
/// strict parser and `Limits` (size, depth, duplicate keys) as every other JSON input.
///
/// Every failure is a `FormatError`: parse failures as the parser reports them, decoding failures
/// with the dotted field path (`layers[0].digest`), and errors the types throw pass through. `Date` values are read from
/// RFC 3339 strings (`RFC3339.parse`) and `Data` from base64, as Airlock writes them.
public struct JSONValueDecoder: Sendable {
    /// Makes a decoder (it holds no state).
    public init() {}

    /// Parses `data` with `limits` (`maxJSONBytes`, `maxJSONDepth`) and decodes `T` from it.
    public func decode<T: Decodable>(_ type: T.Type, from data: Data, limits: Limits = .default) throws(FormatError) -> T {
        let value: JSONValue
        do {
            value = try JSONValue.parse(data, limits: limits)
        } catch let error as FormatError {
            throw error
        } catch {
            throw FormatError(.malformedJSON, "\(error)")
        }
        return try decode(type, from: value)
    }

    /// Decodes `T` from an already parsed value.
    public func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws(FormatError) -> T {
        do {
            return try ValueDecoder(value: value, codingPath: []).decodeValue(T.self)
        } catch let error as FormatError {
            throw error
        } catch let error as DecodingError {
            throw OCIJSON.formatError(from: error)
        } catch {
            throw FormatError(.invalidField, "\(error)")
        }
    }
}

/// One position in the document.
struct ValueDecoder: Decoder {
    let value: JSONValue
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let object) = value else { throw mismatch([String: Any].self) }
        return KeyedDecodingContainer(KeyedContainer<Key>(object: object, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let array) = value else { throw mismatch([Any].self) }
        return UnkeyedContainer(array: array, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { SingleContainer(decoder: self) }

    func mismatch(_ type: Any.Type) -> DecodingError {
        .typeMismatch(type, .init(codingPath: codingPath, debugDescription: "expected \(type), found \(value.typeName)"))
    }

    func decodeValue<T: Decodable>(_ type: T.Type) throws -> T {
        switch type {
        case is String.Type:
            guard case .string(let s) = value else { throw mismatch(String.self) }
            return s as! T
        case is Bool.Type:
            guard case .bool(let b) = value else { throw mismatch(Bool.self) }
            return b as! T
        case is Date.Type:
            guard case .string(let s) = value, let date = RFC3339.parse(s) else {
                throw DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: "expected an RFC 3339 date-time"))
            }
            return date as! T
        case is Data.Type:
            guard case .string(let s) = value, let data = Data(base64Encoded: s) else {
                throw DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: "expected base64"))
            }
            return data as! T
        case is Int.Type: return try integer(Int.self) as! T
        case is Int64.Type: return try integer(Int64.self) as! T
        case is Int32.Type: return try integer(Int32.self) as! T
        case is UInt64.Type: return try integer(UInt64.self) as! T
        case is UInt32.Type: return try integer(UInt32.self) as! T
        case is UInt.Type: return try integer(UInt.self) as! T
        case is Double.Type: return try floating() as! T
        case is Float.Type: return Float(try floating()) as! T
        default:
            return try T(from: self)
        }
    }

    /// An integer from a number lexeme: exact integers only (`1`, `1.0`, `1e3`), never rounded.
    func integer<I: FixedWidthInteger>(_ type: I.Type) throws -> I {
        guard case .number(let n) = value else { throw mismatch(I.self) }
        if let exact = I(n.lexeme) { return exact }
        if let d = Double(n.lexeme), d.rounded() == d, let exact = I(exactly: d) { return exact }
        throw DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: "number \(n.lexeme) does not fit in \(I.self)"))
    }

    func floating() throws -> Double {
        guard case .number(let n) = value, let d = Double(n.lexeme) else { throw mismatch(Double.self) }
        return d
    }
}

/// A coding key for array positions and dictionary keys.
struct IndexKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(stringValue: String) { self.stringValue = stringValue }
    init(intValue: Int) { stringValue = "\(intValue)"; self.intValue = intValue }
}

struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let object: JSONObject
    let codingPath: [any CodingKey]
    var allKeys: [Key] { object.keys.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { object.contains(key.stringValue) }

    func decodeNil(forKey key: Key) throws -> Bool {
        if case .null = try child(key).value { return true }
        return false
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try child(key).decodeValue(T.self) }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let member = object[key.stringValue] else { return nil }
        if case .null = member { return nil }
        return try ValueDecoder(value: member, codingPath: codingPath + [key]).decodeValue(T.self)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try child(key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer { try child(key).unkeyedContainer() }

    func superDecoder() throws -> any Decoder { try child(IndexKey(stringValue: "super")) }

    func superDecoder(forKey key: Key) throws -> any Decoder { try child(key) }

    private func child(_ key: some CodingKey) throws -> ValueDecoder {
        guard let member = object[key.stringValue] else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "no value for \"\(key.stringValue)\""))
        }
        return ValueDecoder(value: member, codingPath: codingPath + [key])
    }
}

struct UnkeyedContainer: UnkeyedDecodingContainer {
    let array: [JSONValue]
    let codingPath: [any CodingKey]
    var currentIndex = 0
    var count: Int? { array.count }
    var isAtEnd: Bool { currentIndex >= array.count }

    init(array: [JSONValue], codingPath: [any CodingKey]) {
        self.array = array
        self.codingPath = codingPath
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd else { throw end(Any?.self) }
        if case .null = array[currentIndex] { currentIndex += 1; return true }
        return false
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try next().decodeValue(T.self) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try next().container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { try next().unkeyedContainer() }

    mutating func superDecoder() throws -> any Decoder { try next() }

    private mutating func next() throws -> ValueDecoder {
        guard !isAtEnd else { throw end(Any.self) }
        defer { currentIndex += 1 }
        return ValueDecoder(value: array[currentIndex], codingPath: codingPath + [IndexKey(intValue: currentIndex)])
    }

    private func end(_ type: Any.Type) -> DecodingError {
        .valueNotFound(type, .init(codingPath: codingPath + [IndexKey(intValue: currentIndex)], debugDescription: "unkeyed container is at its end"))
    }
}

struct SingleContainer: SingleValueDecodingContainer {
    let decoder: ValueDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }

    func decodeNil() -> Bool {
        if case .null = decoder.value { return true }
        return false
    }

    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoder.decodeValue(T.self) }
}
