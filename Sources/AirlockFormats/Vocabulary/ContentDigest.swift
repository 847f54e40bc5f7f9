public import Foundation

/// The one digest value Airlock passes around: OCI descriptors, evidence subjects, artifact references,
/// written `algorithm ":" encoded` (OCI image-spec `descriptor.md` grammar), e.g. `sha256:<64 hex>`.
///
/// Parsing enforces the grammar of the spec and, for the registered algorithms, the exact encoding:
/// `sha256` is 64 lowercase hex characters, `sha384` 96 and `sha512` 128 (uppercase is invalid), so a
/// digest that parses can be compared byte for byte with one Airlock computed. Hashing lives in
/// AirlockCrypto, which returns bytes; `init(algorithm:bytes:)` wraps them.
public struct ContentDigest: Hashable, Sendable, CustomStringConvertible, Codable {
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

    /// Wraps the raw output of a hash function (`Digest.sha256(_:)` in AirlockCrypto) as lowercase hex,
    /// throwing `invalidField` when the length does not match a registered algorithm.
    public init(algorithm: String, bytes: Data) throws(FormatError) {
        try self.init(parsing: algorithm + ":" + Hex.encode(bytes))
    }

    /// A `sha256` digest from its 32 raw bytes.
    public static func sha256(bytes: Data) throws(FormatError) -> ContentDigest {
        try ContentDigest(algorithm: "sha256", bytes: bytes)
    }

    /// A `sha256` digest from 64 lowercase hex characters (for digests Airlock computed itself).
    public static func sha256(hex: String) throws(FormatError) -> ContentDigest {
        try ContentDigest(parsing: sha256Reference(hex))
    }

    /// The text `sha256:<hex>` for a blob Airlock hashed or validated when it stored it (evidence and
    /// trust-root references in checks and verdicts): the one place the prefix is spelt, without a
    /// second validation that could turn a recorded reference into an error.
    public static func sha256Reference(_ hex: String) -> String { "sha256:" + hex }

    /// The raw digest bytes, when the encoded part is hex (every registered algorithm).
    public var bytes: Data? { Hex.decode(encoded) }

    /// The lowercase hex of a `sha256` digest, or nil for another algorithm.
    public var sha256Hex: String? { algorithm == "sha256" ? encoded : nil }

    /// `algorithm:encoded`.
    public var description: String { algorithm + ":" + encoded }

    /// Decodes from the string form, applying the same grammar as `init(parsing:)`.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        let path = OCIJSON.path(decoder.codingPath)
        self = try ContentDigest(parsing: text, field: path == "$" ? "digest" : path)
    }

    /// Encodes as the string form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// Hex lengths of the algorithms with a fixed encoding (image-spec registers sha256 and sha512).
    static let registeredHexLengths: [String: Int] = ["sha256": 64, "sha384": 96, "sha512": 128]

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
