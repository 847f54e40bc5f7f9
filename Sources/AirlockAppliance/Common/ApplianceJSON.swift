public import Foundation
import AirlockFormats

/// The one JSON setup of every `--output json` document: pretty, key-sorted, RFC 3339 dates, and a
/// top-level `schemaVersion` so scripts can tell when the shape changes.
public enum ApplianceJSON {
    /// The version of the JSON shapes; bumped on any incompatible change.
    public static let schemaVersion = 1

    /// Encodes `value` (a JSON object: a struct or a dictionary, never an array) with `schemaVersion`
    /// added beside its own keys.
    public static func encode<T: Encodable>(_ value: T) throws -> Data {
        try encoder().encode(Versioned(value: value))
    }

    /// `{"schemaVersion": 1, "error": {...}}`: the document every command prints on failure.
    public static func encode(error: ApplianceError) throws -> Data {
        try encode(["error": error])
    }

    /// Pretty, key-sorted JSON with RFC 3339 dates in UTC, whole seconds (`RFC3339.format`), also
    /// used for the files the appliance writes.
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(RFC3339.format(date, .secondsOfNearestMillisecond))
        }
        return encoder
    }
}

/// A JSON object with `schemaVersion` merged into its top level (the wrapped value encodes into the
/// same keyed container).
private struct Versioned<T: Encodable>: Encodable {
    let value: T

    private enum Keys: String, CodingKey { case schemaVersion }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(ApplianceJSON.schemaVersion, forKey: .schemaVersion)
        try value.encode(to: encoder)
    }
}
