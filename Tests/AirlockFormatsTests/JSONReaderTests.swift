import Foundation
import Testing
@testable import AirlockFormats

@Suite("JSON reader")
struct JSONReaderTests {
    let doc: JSONObjectReader

    init() throws {
        let v = try JSONValue.parse(utf8(#"""
        {"a": {"list": [{"n": "12"}, {"n": 7}, {"n": 1.5}, {"n": "x"}], "b64": "aGk=", "bad": "a!",
               "snake_case": "s", "null": null, "str": 3}}
        """#))
        doc = try JSONReader(v, snakeCaseAliases: true).object()
    }

    @Test("reads nested values")
    func reads() throws {
        let a = try doc.object("a")
        let list = try a.array("list")
        #expect(try list[0].object().int64("n") == 12)
        #expect(try list[1].object().int64("n") == 7)
        #expect(try a.base64("b64") == utf8("hi"))
        #expect(try a.string("snakeCase") == "s")
        #expect(try a.optionalString("null") == nil)
        #expect(try a.optionalString("absent") == nil)
    }

    @Test("errors name the full path")
    func paths() throws {
        let a = try doc.object("a")
        let list = try a.array("list")
        let e1 = formatError { _ = try list[2].object().int64("n") }
        #expect(e1?.field == "a.list[2].n")
        #expect(e1?.code == .invalidField)
        let e2 = formatError { _ = try list[3].object().int64("n") }
        #expect(e2?.field == "a.list[3].n")
        #expect(e2?.reason.contains("decimal integer string") == true)
        let e3 = formatError { _ = try a.string("missing") }
        #expect(e3?.field == "a.missing")
        #expect(e3?.code == .missingField)
        let e4 = formatError { _ = try a.base64("bad") }
        #expect(e4?.code == .badBase64)
        #expect(e4?.field == "a.bad")
        let e5 = formatError { _ = try a.string("str") }
        #expect(e5?.reason == "expected a string, found number")
        let e6 = formatError { _ = try a.array("list", maxCount: 2) }
        #expect(e6?.code == .limitExceeded)
        #expect(e6?.field == "a.list")
        let e7 = formatError { _ = try list[1].object().int64("n", allowString: false) ; _ = try list[0].object().int64("n", allowString: false) }
        #expect(e7?.field == "a.list[0].n")
    }

    @Test("rejects both spellings of one field")
    func bothSpellings() throws {
        let v = try JSONValue.parse(utf8(#"{"logIndex": "1", "log_index": "2"}"#))
        let err = formatError { _ = try JSONReader(v, snakeCaseAliases: true).object().int64("logIndex") }
        #expect(err?.code == .invalidField)
        #expect(err?.reason.contains("both logIndex and log_index") == true)
    }

    @Test("snake_case conversion")
    func snake() {
        #expect(JSONObjectReader.snakeCase("rfc3161Timestamps") == "rfc3161_timestamps")
        #expect(JSONObjectReader.snakeCase("x509CertificateChain") == "x509_certificate_chain")
        #expect(JSONObjectReader.snakeCase("mediaType") == "media_type")
    }
}
