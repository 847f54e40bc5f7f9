import Foundation
import Testing
@testable import AirlockFormats
import AirlockTestKit

@Suite("JSON parser")
struct JSONParserTests {
    @Test("parses every JSON type and keeps member order")
    func parsesTypes() throws {
        let v = try JSONValue.parse(utf8(#" {"b": [1, -2.5e3, true, false, null], "a": "x\u00e9\ud83d\ude00\n"} "#))
        let o = try #require(v.objectValue)
        #expect(o.keys == ["b", "a"])
        #expect(o["a"] == .string("x\u{e9}\u{1F600}\n"))
        let arr = try #require(o["b"]?.arrayValue)
        #expect(arr.count == 5)
        #expect(arr[0].numberValue?.int64 == 1)
        #expect(arr[1].numberValue?.isInteger == false)
        #expect(arr[1].numberValue?.double == -2500)
        #expect(arr[1].numberValue?.lexeme == "-2.5e3")
        #expect(arr[2] == .bool(true) && arr[4] == .null)
    }

    @Test("big integers keep their lexeme")
    func bigIntegers() throws {
        let v = try JSONValue.parse(utf8("[9223372036854775807, 9223372036854775808]"))
        let a = try #require(v.arrayValue)
        #expect(a[0].numberValue?.int64 == Int64.max)
        #expect(a[1].numberValue?.int64 == nil)
        #expect(a[1].numberValue?.lexeme == "9223372036854775808")
    }

    @Test("rejects malformed input with a reason", arguments: [
        ("01", "leading zero"),
        ("-", "expected a digit"),
        ("1.", "after '.'"),
        (".5", "unexpected character"),
        ("+1", "unexpected character"),
        ("1e", "exponent"),
        ("[1,]", "unexpected character"),
        ("{\"a\":1,}", "expected a string key"),
        ("{\"a\" 1}", "expected ':'"),
        ("[1] x", "trailing data"),
        ("\"abc", "unterminated"),
        ("\"a\tb\"", "control character"),
        ("\"\\x\"", "invalid escape"),
        ("\"\\ud800\"", "lone high surrogate"),
        ("\"\\udc00\"", "lone low surrogate"),
        ("\"\\ud800\\u0041\"", "not followed by a low surrogate"),
        ("\"\\u12g4\"", "invalid hex digit"),
        ("tru", "truncated literal"),
        ("nul1", "invalid literal"),
        ("{\"a\":1,\"a\":2}", "duplicate object key \"a\""),
        ("", "unexpected end of input"),
        ("   ", "unexpected end of input"),
    ])
    func rejectsMalformed(input: String, reason: String) {
        let err = formatError { _ = try JSONValue.parse(utf8(input)) }
        #expect(err?.code == .malformedJSON)
        #expect(err?.reason.contains(reason) == true, "\(err?.reason ?? "nil") should mention \(reason)")
    }

    @Test("rejects invalid UTF-8", arguments: [
        [0x22, 0xC0, 0x80, 0x22],  // overlong NUL
        [0x22, 0xED, 0xA0, 0x80, 0x22],  // encoded surrogate
        [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22],  // above U+10FFFF
        [0x22, 0xE2, 0x82, 0x22],  // truncated sequence
        [0x22, 0x80, 0x22],  // stray continuation
        [0x22, 0x5C, 0x6E, 0xFF, 0x22],  // after an escape (slow path)
    ] as [[UInt8]])
    func rejectsInvalidUTF8(bytes: [UInt8]) {
        let err = formatError { _ = try JSONValue.parse(Data(bytes)) }
        #expect(err?.code == .malformedJSON)
        #expect(err?.reason.contains("invalid UTF-8") == true)
    }

    @Test("rejects a byte-order mark")
    func rejectsBOM() {
        let err = formatError { _ = try JSONValue.parse(Data([0xEF, 0xBB, 0xBF, 0x7B, 0x7D])) }
        #expect(err?.code == .malformedJSON)
        #expect(err?.reason.contains("byte-order mark") == true)
    }

    @Test("enforces the depth limit")
    func depthLimit() throws {
        var limits = Limits()
        limits.maxJSONDepth = 3
        _ = try JSONValue.parse(utf8("[[[1]]]"), limits: limits)
        let err = formatError { _ = try JSONValue.parse(utf8("[[[[1]]]]"), limits: limits) }
        #expect(err?.code == .limitExceeded)
        #expect(err?.reason.contains("nesting deeper than 3") == true)
        // The default limit stops a deeply nested document without exhausting the stack.
        let deep = String(repeating: "[", count: 100_000)
        let err2 = formatError { _ = try JSONValue.parse(utf8(deep)) }
        #expect(err2?.code == .limitExceeded)
    }

    @Test("enforces the size limit")
    func sizeLimit() {
        var limits = Limits()
        limits.maxJSONBytes = 4
        let err = formatError { _ = try JSONValue.parse(utf8("[1,2]"), limits: limits) }
        #expect(err?.code == .limitExceeded)
        #expect(err?.reason.contains("the limit is 4") == true)
    }

    @Test("object equality ignores member order; numbers compare by value")
    func equality() throws {
        let a = try JSONValue.parse(utf8(#"{"x":1,"y":[1e2]}"#))
        let b = try JSONValue.parse(utf8(#"{"y":[100.0],"x":1}"#))
        #expect(a == b)
        #expect(Set([a, b]).count == 1)
        #expect(try JSONValue.parse(utf8("1")) != JSONValue.parse(utf8("1.0")))
    }

    @Test("parses every JSON file in the sigstore corpus", .enabled(if: Corpus.isAvailable, "corpus absent"))
    func corpusFiles() throws {
        let root = Corpus.url("sigstore")
        let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)!
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "json" }
        #expect(files.count > 50)
        for url in files {
            #expect(throws: Never.self, "\(url.path)") { _ = try JSONValue.parse(try Data(contentsOf: url)) }
        }
    }
}
