/// A content digest as written in OCI descriptors: `algorithm ":" encoded` (image-spec `descriptor.md`).
///
/// Parsing enforces the grammar of the spec and, for the registered algorithms, the exact encoding:
/// `sha256` is 64 lowercase hex characters and `sha512` 128 (uppercase is invalid), so a digest that
/// parses can be compared byte for byte with one Airlock computed.
public struct OCIDigest: Hashable, Sendable, CustomStringConvertible, Codable {
    /// The algorithm part, for example `sha256`.
    public let algorithm: String
    /// The encoded part, for example 64 lowercase hex characters for `sha256`.
    public let encoded: String

    /// Parses `algorithm:encoded`, throwing `FormatError.invalidField` when the grammar or the
    /// registered algorithm's encoding is not respected.
    public init(parsing text: String, field: String = "digest") throws(FormatError) {
        guard let colon = text.firstIndex(of: ":") else {
            throw FormatError(.invalidField, "digest \"\(text.prefix(80))\" has no ':'", field: field)
        }
        let algorithm = String(text[..<colon])
        let encoded = String(text[text.index(after: colon)...])
        guard Self.isValidAlgorithm(algorithm) else {
            throw FormatError(.invalidField, "digest algorithm \"\(algorithm.prefix(40))\" breaks the OCI grammar", field: field)
        }
        guard !encoded.isEmpty, encoded.utf8.allSatisfy(Self.isEncodedByte) else {
            throw FormatError(.invalidField, "digest encoding of \"\(text.prefix(80))\" breaks the OCI grammar", field: field)
        }
        if let length = Self.registeredHexLengths[algorithm] {
            guard encoded.utf8.count == length, encoded.utf8.allSatisfy(Self.isLowerHex) else {
                throw FormatError(.invalidField, "\(algorithm) digest must be \(length) lowercase hex characters", field: field)
            }
        }
        self.algorithm = algorithm
        self.encoded = encoded
    }

    /// A `sha256` digest from 64 lowercase hex characters (for digests Airlock computed itself).
    public static func sha256(hex: String) throws(FormatError) -> OCIDigest {
        try OCIDigest(parsing: "sha256:" + hex)
    }

    /// The lowercase hex of a `sha256` digest, or nil for another algorithm.
    public var sha256Hex: String? { algorithm == "sha256" ? encoded : nil }

    /// `algorithm:encoded`.
    public var description: String { algorithm + ":" + encoded }

    /// Decodes from the string form, applying the same grammar as `init(parsing:)`.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        let path = OCIJSON.path(decoder.codingPath)
        self = try OCIDigest(parsing: text, field: path == "$" ? "digest" : path)
    }

    /// Encodes as the string form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// Hex lengths of the algorithms image-spec registers with a fixed encoding.
    static let registeredHexLengths: [String: Int] = ["sha256": 64, "sha512": 128]

    /// `[a-z0-9]+ ([+._-] [a-z0-9]+)*`.
    static func isValidAlgorithm(_ algorithm: String) -> Bool {
        var previousWasSeparator = true
        for byte in algorithm.utf8 {
            let isComponent = (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
            let isSeparator = byte == 0x2B || byte == 0x2E || byte == 0x5F || byte == 0x2D
            if isComponent {
                previousWasSeparator = false
            } else if isSeparator, !previousWasSeparator {
                previousWasSeparator = true
            } else {
                return false
            }
        }
        return !previousWasSeparator
    }

    /// `[a-zA-Z0-9=_-]`.
    static func isEncodedByte(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
            || byte == 0x3D || byte == 0x5F || byte == 0x2D
    }

    /// `[a-f0-9]`.
    static func isLowerHex(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x66) || (byte >= 0x30 && byte <= 0x39)
    }
}
