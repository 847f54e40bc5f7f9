import Foundation
import Testing
import AirlockTestKit
@testable import AirlockFormats

/// `CanonicalJSON.isRFC8785` says yes only to bytes that canonicalise to themselves: held to `rfc8785` on
/// every corpus document, its canonical form, and each way a document can fall short of canonical.
@Suite struct CanonicalCheckTests {
    @Test("every corpus document and its canonical form: yes implies rfc8785(parse) gives the same bytes; the canonical forms of most say yes",
          .enabled(if: Corpus.isAvailable, "corpus absent"))
    func agreesWithCanonicaliser() throws {
        let documents = try CorpusDocuments.all(under: "") { _ in true }
        #expect(documents.count > 300)
        var accepted = 0
        for document in documents {
            guard let value = try? JSONValue.parse(document.data), let canonical = try? CanonicalJSON.rfc8785(value) else {
                #expect(!CanonicalJSON.isRFC8785(document.data), "\(document): not canonicalisable, yet accepted")
                continue
            }
            if CanonicalJSON.isRFC8785(document.data) {
                #expect(document.data == canonical, "\(document): accepted but not canonical")
            }
            if CanonicalJSON.isRFC8785(canonical) { accepted += 1 }
        }
        // Conservative, not useless: most canonical forms (integers, ASCII keys) are recognised.
        #expect(accepted * 2 > documents.count, "\(accepted) of \(documents.count)")
    }

    @Test("canonical inputs are recognised")
    func accepts() throws {
        for text in [#"{}"#, #"[]"#, #"{"a":1,"b":[true,false,null],"c":{"d":"e"}}"#, #"-12"#, #"0"#, #""é 漢 \u001f\n\"\\""#,
                     #"{"A":1,"B":2,"a":3}"#, #"123456789012345"#, "\"\u{7F}\""] {
            #expect(CanonicalJSON.isRFC8785(Data(text.utf8)), "\(text)")
            #expect(try CanonicalJSON.rfc8785(JSONValue.parse(Data(text.utf8))) == Data(text.utf8), "\(text)")
        }
    }

    @Test("each way of falling short of canonical is refused")
    func refuses() {
        let cases: [(String, Data)] = [
            ("whitespace", Data(#"{"a": 1}"#.utf8)), ("unsorted keys", Data(#"{"b":1,"a":2}"#.utf8)),
            ("duplicate keys", Data(#"{"a":1,"a":1}"#.utf8)), ("non-ASCII key", Data(#"{"é":1}"#.utf8)),
            ("escaped key", Data(#"{"a\n":1,"b":2}"#.utf8)), ("escaped slash", Data(#""a\/b""#.utf8)),
            ("needless \\u escape", Data(#""\u0041""#.utf8)), ("long form of \\n", Data(#""\u000a""#.utf8)),
            ("upper-case hex", Data(#""\u001F""#.utf8)), ("surrogate pair escape", Data(#""\ud83d\ude00""#.utf8)),
            ("raw control character", Data("\"a\u{1}\"".utf8)), ("invalid UTF-8", Data([0x22, 0xC3, 0x28, 0x22])),
            ("fraction", Data(#"1.5"#.utf8)), ("exponent", Data(#"1e3"#.utf8)), ("minus zero", Data(#"-0"#.utf8)),
            ("leading zero", Data(#"01"#.utf8)), ("16 digits", Data(#"1234567890123456"#.utf8)),
            ("trailing bytes", Data(#"{}x"#.utf8)), ("truncated", Data(#"{"a":"#.utf8)), ("empty", Data()),
            ("deep nesting", Data((String(repeating: "[", count: 300) + String(repeating: "]", count: 300)).utf8)),
        ]
        for (reason, data) in cases {
            #expect(!CanonicalJSON.isRFC8785(data), "\(reason) was accepted")
        }
    }
}
