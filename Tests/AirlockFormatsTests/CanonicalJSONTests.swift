import Foundation
import Testing
@testable import AirlockFormats
import AirlockTestKit

@Suite("Canonical JSON")
struct CanonicalJSONTests {
    private func jcs(_ json: String) throws -> String {
        String(decoding: try CanonicalJSON.rfc8785(JSONValue.parse(utf8(json))), as: UTF8.self)
    }

    private func olpc(_ json: String) throws -> Data {
        try CanonicalJSON.olpc(JSONValue.parse(utf8(json)))
    }

    @Test("sorted keys, no whitespace")
    func basic() throws {
        #expect(try jcs(#"{"y": 2, "x": 3}"#) == #"{"x":3,"y":2}"#)
        #expect(try olpc(#"{"y": 2, "x": 3}"#) == utf8(#"{"x":3,"y":2}"#))
    }

    @Test("RFC 8785 number serialisation", arguments: [
        ("1e30", "1e+30"), ("0.000001", "0.000001"), ("1e-7", "1e-7"), ("-0", "0"), ("-0.0", "0"),
        ("333333333.33333329", "333333333.3333333"), ("1E30", "1e+30"), ("4.50", "4.5"), ("2e-3", "0.002"),
        ("0.000001000", "0.000001"), ("1e21", "1e+21"), ("1e20", "100000000000000000000"),
        ("123456789012345678901", "123456789012345680000"), ("-1.5e-10", "-1.5e-10"), ("100", "100"),
        ("9007199254740993", "9007199254740992"), ("5e-324", "5e-324"), ("1.7976931348623157e308", "1.7976931348623157e+308"),
        ("295147905179352830000", "295147905179352830000"), ("0.1", "0.1"), ("12.5e1", "125"),
    ])
    func numbers(input: String, expected: String) throws {
        #expect(try jcs(input) == expected)
    }

    @Test("JCS rejects non-finite numbers")
    func nonFinite() {
        let err = formatError { _ = try CanonicalJSON.rfc8785(JSONValue.parse(utf8("1e400"))) }
        #expect(err?.code == .invalidField)
        #expect(err?.reason.contains("not finite") == true)
    }

    @Test("JCS string escaping")
    func strings() throws {
        #expect(try jcs(#""\u000f\u0008\n\u001f\u007f\"\\/\u20ac""#) == "\"\\u000f\\b\\n\\u001f\u{7f}\\\"\\\\/\u{20ac}\"")
    }

    @Test("JCS sorts keys by UTF-16 code units")
    func utf16Sort() throws {
        // RFC 8785 §3.2.3 example: U+20AC sorts before U+1F600 (surrogate 0xD83D), which sorts before U+FB33.
        let json = #"{"\u20ac":"Euro Sign","\r":"Carriage Return","\ufb33":"Hebrew Letter Dalet With Dagesh","1":"One","\ud83d\ude00":"Emoji: Grinning Face","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis"}"#
        let expected = "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u{80}\":\"Control\",\"\u{f6}\":\"Latin Small Letter O With Diaeresis\",\"\u{20ac}\":\"Euro Sign\",\"\u{1F600}\":\"Emoji: Grinning Face\",\"\u{fb33}\":\"Hebrew Letter Dalet With Dagesh\"}"
        #expect(try jcs(json) == expected)
        // OLPC sorts by code point instead: U+FB33 before U+1F600.
        let o = String(decoding: try olpc(json), as: UTF8.self)
        #expect(o.firstRange(of: "\u{fb33}")!.lowerBound < o.firstRange(of: "\u{1F600}")!.lowerBound)
    }

    @Test("OLPC escapes only quote and backslash")
    func olpcStrings() throws {
        #expect(try CanonicalJSON.olpc(.string("\\\"")) == utf8(#""\\\"""#))
        #expect(try CanonicalJSON.olpc(.string("a\nb\u{1}")) == utf8("\"a\nb\u{1}\""))
    }

    @Test("OLPC rejects floats", arguments: ["1.0", "1e2", "[0.5]"])
    func olpcFloats(json: String) {
        let err = formatError { _ = try CanonicalJSON.olpc(JSONValue.parse(utf8(json))) }
        #expect(err?.code == .invalidField)
        #expect(err?.reason.contains("only integers") == true)
    }

    @Test("OLPC of in-toto-golang canonical-test.link", .enabled(if: Corpus.isAvailable, "corpus absent"))
    func inTotoVector() throws {
        let v = try JSONValue.parse(Corpus.data("in-toto/in-toto-golang/data/canonical-test.link"))
        let signed = try #require(v.objectValue?["signed"])
        var expected = Data(#"{"_type":"link","byproducts":{},"command":[],"environment":{"a":"WTF","b":true,"c":false,"d":null,"e":1,"f":""#.utf8)
        expected.append(contentsOf: [0x1B, 0xEF, 0xBF, 0xBF])
        expected.append(contentsOf: Data(#"F\\n\""},"materials":{},"name":"test","products":{}}"#.utf8))
        #expect(try CanonicalJSON.olpc(signed) == expected)
    }

    @Test("compact keeps order and lexemes")
    func compact() throws {
        let v = try JSONValue.parse(utf8(#"{ "b" : 1.50, "a" : [ true , null ] }"#))
        #expect(CanonicalJSON.compact(v) == utf8(#"{"b":1.50,"a":[true,null]}"#))
    }
}
