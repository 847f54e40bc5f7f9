import Foundation
import Testing
import AirlockFormats

/// Documents that used to go through JSONDecoder/JSONSerialization now meet the strict parser's limits.
@Suite("Codable documents are parsed under Limits")
struct StrictJSONDecodingTests {
    /// `{"a":[[[…]]]}` nested `depth` arrays deep.
    static func deep(_ depth: Int, around member: String = "a") -> Data {
        Data(("{\"\(member)\":" + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "}").utf8)
    }

    static let shallow: Limits = { var l = Limits.default; l.maxJSONDepth = 8; return l }()

    @Test("an over-deep OCI manifest, index, layout header or cosign payload is refused for its depth", arguments: [
        "manifest", "index", "layout", "simple-signing", "bundle-manifest",
    ])
    func overDeep(kind: String) {
        let data = Self.deep(100)
        let error = formatError {
            switch kind {
            case "manifest": _ = try OCIManifest.parse(data)
            case "index": _ = try OCIIndex.parse(data)
            case "layout": _ = try OCILayoutHeader.parse(data)
            case "simple-signing": _ = try CosignSimpleSigning.parse(data)
            default: _ = try ArchiveManifest.parse(data)
            }
        }
        #expect(error?.code == .limitExceeded)
        #expect(error?.reason.hasPrefix("JSON nesting deeper than 64") == true, "\(String(describing: error))")
    }

    @Test("the depth limit is the caller's Limits, not a fixed one")
    func callersLimit() {
        let error = formatError { _ = try OCIIndex.parse(Self.deep(9), limits: Self.shallow) }
        #expect(error?.code == .limitExceeded)
        #expect(error?.reason.hasPrefix("JSON nesting deeper than 8") == true)
    }

    @Test("duplicate keys, refused by the strict parser, are refused in OCI documents too")
    func duplicateKeys() {
        let error = formatError { _ = try OCILayoutHeader.parse(Data(#"{"imageLayoutVersion":"1.0.0","imageLayoutVersion":"1.0.0"}"#.utf8)) }
        #expect(error?.code == .malformedJSON)
        #expect(error?.reason.contains("duplicate") == true, "\(String(describing: error))")
    }

    @Test("decoding errors name the field path")
    func fieldPath() {
        let manifest = #"{"schemaVersion":2,"config":{"mediaType":"x","digest":"sha256:00","size":1},"layers":[{"mediaType":"x","size":1}]}"#
        let error = formatError { _ = try OCIManifest.parse(Data(manifest.utf8)) }
        #expect(error?.code == .invalidField)
        #expect(error?.field == "config.digest", "\(String(describing: error))")
        #expect(error?.reason == "sha256 digest must be 64 lowercase hex characters")
    }

    @Test("a missing required field is reported as missing, with its path")
    func missingField() {
        let error = formatError { _ = try ArchiveManifest.parse(Data(#"{"name":"r","files":[{"path":"a"}]}"#.utf8)) }
        #expect(error?.code == .missingField)
        #expect(error?.field == "files[0].sha256")
    }

    @Test("the bundle manifest's own shape is checked in Formats", arguments: [
        (#"{"name":"","files":[]}"#, "name is empty"),
        (#"{"name":"r","files":[{"path":"./a","sha256":"\#(String(repeating: "0", count: 64))"}]}"#, "is not a normalised relative path"),
        (#"{"name":"r","files":[{"path":"a//b","sha256":"\#(String(repeating: "0", count: 64))"}]}"#, "is not a normalised relative path"),
        (#"{"name":"r","files":[{"path":"../a","sha256":"\#(String(repeating: "0", count: 64))"}]}"#, "is not a normalised relative path"),
        (#"{"name":"r","files":[{"path":"a","sha256":"ABC"}]}"#, "sha256 must be 64 lowercase hex characters"),
        (#"{"name":"r","files":[{"path":"a","sha256":"\#(String(repeating: "0", count: 64))"},{"path":"a","sha256":"\#(String(repeating: "0", count: 64))"}]}"#, "is listed twice"),
    ])
    func bundleManifestShape(json: String, reason: String) {
        let error = formatError { _ = try ArchiveManifest.parse(Data(json.utf8)) }
        #expect(error?.code == .invalidField)
        #expect(error?.reason.contains(reason) == true, "\(String(describing: error))")
    }

    @Test("dates in Codable documents are RFC 3339, as Airlock writes them")
    func dates() throws {
        struct Stamp: Decodable { var at: Date }
        let stamp = try JSONValueDecoder().decode(Stamp.self, from: Data(#"{"at":"2024-05-01T12:00:00Z"}"#.utf8))
        #expect(RFC3339.format(stamp.at) == "2024-05-01T12:00:00Z")
        let error = formatError { _ = try JSONValueDecoder().decode(Stamp.self, from: Data(#"{"at":"yesterday"}"#.utf8)) }
        #expect(error?.field == "at")
        #expect(error?.reason.contains("RFC 3339") == true)
    }
}
