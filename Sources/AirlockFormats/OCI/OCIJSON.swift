public import Foundation

/// Decoding of OCI JSON documents with the metadata size limit applied first, then the strict JSON
/// parser and its `Limits` (depth, size, duplicate keys), and every decoding failure turned into a
/// `FormatError` carrying the field path.
public enum OCIJSON {
    /// Decodes `T` from `data`, refusing documents over `limits.maxMetadataBytes` or deeper than
    /// `limits.maxJSONDepth`.
    public static func decode<T: Decodable>(_ type: T.Type, from data: Data, limits: Limits = .default) throws(FormatError) -> T {
        guard data.count <= limits.maxMetadataBytes else {
            throw FormatError(.limitExceeded, "document of \(data.count) bytes exceeds the \(limits.maxMetadataBytes)-byte metadata limit")
        }
        return try JSONValueDecoder().decode(T.self, from: data, limits: limits)
    }

    /// Maps a `DecodingError` to a `FormatError` with a dotted field path (`layers[0].digest`).
    static func formatError(from error: DecodingError) -> FormatError {
        switch error {
        case .keyNotFound(let key, let context):
            return FormatError(.missingField, "required field \"\(key.stringValue)\" is absent",
                               field: path(context.codingPath + [key]))
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return FormatError(.invalidField, context.debugDescription, field: path(context.codingPath))
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                return FormatError(.malformedJSON, "not well-formed JSON")
            }
            return FormatError(.invalidField, context.debugDescription, field: path(context.codingPath))
        @unknown default:
            return FormatError(.malformedJSON, "\(error)")
        }
    }

    /// `a.b[2].c` from a coding path.
    static func path(_ keys: [any CodingKey]) -> String {
        var result = ""
        for key in keys {
            if let index = key.intValue {
                result += "[\(index)]"
            } else {
                result += result.isEmpty ? key.stringValue : "." + key.stringValue
            }
        }
        return result.isEmpty ? "$" : result
    }

    /// The dotted path of a decoder's position, for errors thrown from `init(from:)`.
    static func path(of decoder: any Decoder, _ key: String) -> String {
        let base = decoder.codingPath.isEmpty ? "" : path(decoder.codingPath) + "."
        return base + key
    }
}
