import AirlockFormats
import AirlockTestKit
import Foundation
import Testing
@testable import AirlockVerify

@Suite("in-toto artifact rules, globbing and canonical JSON")
struct InTotoRulesTests {
    @Test("fnmatch globbing as Python does", arguments: [
        ("*", "a/b/c.py", true), ("*.py", "src/x.py", true), ("demo-project/*", "demo-project/a/b", true),
        ("foo.py", "foo.py", true), ("foo.py", "./foo.py", false), ("?.txt", "a.txt", true), ("?.txt", "ab.txt", false),
        ("[ab].c", "b.c", true), ("[!ab].c", "b.c", false), ("[!ab].c", "z.c", true), ("[a-c]x", "bx", true),
        ("[c-a]x", "bx", false), ("[-a]", "-", true), ("a[", "a[", true), ("\\*", "\\x", true), ("*a*a*a*b", String(repeating: "a", count: 60), false),
        ("", "", true), ("*", "", true), ("a*", "", false),
    ])
    func glob(pattern: String, name: String, expected: Bool) {
        #expect(InTotoGlob.match(pattern, name) == expected)
    }

    static let x = String(repeating: "1", count: 64)
    static let y = String(repeating: "2", count: 64)

    static func rules(_ tokens: [[String]]) throws -> [ArtifactRule] {
        try tokens.map { try ArtifactRule.parse($0).get() }
    }

    static let link = InTotoArtifacts(name: "s", command: [],
                                 materials: ["keep": ["sha256": x], "gone": ["sha256": x], "changed": ["sha256": x]],
                                 products: ["keep": ["sha256": x], "new": ["sha256": y], "changed": ["sha256": y]])

    @Test("CREATE, DELETE, MODIFY consume only their kind")
    func createDeleteModify() throws {
        let products = try Self.rules([["CREATE", "*"], ["MODIFY", "*"], ["DISALLOW", "*"]])
        let v = InTotoArtifactRules.verify(products, on: .products, of: Self.link, links: [:])
        #expect(v?.message == "RuleVerificationError: 'DISALLOW *' matched the following artifacts: ['keep']")
        let materials = try Self.rules([["delete", "*"], ["Modify", "*"], ["ALLOW", "keep"], ["DISALLOW", "*"]])
        #expect(InTotoArtifactRules.verify(materials, on: .materials, of: Self.link, links: [:]) == nil)
        let wrongKind = try Self.rules([["CREATE", "changed"], ["DISALLOW", "changed"]])
        #expect(InTotoArtifactRules.verify(wrongKind, on: .products, of: Self.link, links: [:])?.rule.text == "DISALLOW changed")
    }

    @Test("REQUIRE fails when the name is not queued")
    func require() throws {
        #expect(InTotoArtifactRules.verify(try Self.rules([["REQUIRE", "new"]]), on: .products, of: Self.link, links: [:]) == nil)
        let v = InTotoArtifactRules.verify(try Self.rules([["ALLOW", "new"], ["REQUIRE", "new"]]), on: .products, of: Self.link, links: [:])
        #expect(v?.message == "RuleVerificationError: 'REQUIRE new' did not find 'new' in: ['changed', 'keep']")
    }

    @Test("MATCH with source and destination prefixes compares hash objects")
    func match() throws {
        let src = InTotoArtifacts(name: "a", command: [], materials: [:],
                             products: ["out/lib/x.so": ["sha256": Self.x], "out/y": ["sha256": Self.y], "z": ["sha256": Self.x]])
        let dst = InTotoArtifacts(name: "b", command: [], materials: ["pkg/lib/x.so": ["sha256": Self.x], "pkg/y": ["sha256": Self.x]], products: [:])
        let rules = try Self.rules([["MATCH", "*", "IN", "out", "WITH", "MATERIALS", "IN", "pkg/", "FROM", "b"], ["DISALLOW", "*"]])
        let v = InTotoArtifactRules.verify(rules, on: .products, of: src, links: ["b": dst])
        // out/y differs in hash; z lacks the source prefix so the MATCH does not consider it.
        #expect(v?.message == "RuleVerificationError: 'DISALLOW *' matched the following artifacts: ['out/y', 'z']")
        let missingStep = try Self.rules([["MATCH", "*", "WITH", "PRODUCTS", "FROM", "nowhere"], ["DISALLOW", "*"]])
        #expect(InTotoArtifactRules.verify(missingStep, on: .products, of: src, links: [:]) != nil)
    }

    @Test("malformed rules are rejected", arguments: [
        ["MATCH", "*", "WITH", "PRODUCTS"], ["ALLOW"], ["ALLOW", "a", "b"], ["COPY", "x"], [],
        ["MATCH", "*", "WITH", "ARTIFACTS", "FROM", "s"], ["MATCH", "*", "IN", "a", "WITH", "PRODUCTS", "IN", "b", "TO", "s"],
    ])
    func malformedRules(tokens: [String]) {
        guard case .failure(let error) = ArtifactRule.parse(tokens) else {
            Issue.record("\(tokens) parsed")
            return
        }
        #expect(error.code == .invalidField)
        #expect(error.reason.hasPrefix("invalid artifact rule"))
    }

    @Test("canonical-test.link re-encodes to the bytes in-toto signs", .enabled(if: Corpus.isAvailable, "corpus absent"))
    func canonicalTestLink() throws {
        let envelope = try InTotoEnvelope.parse(Corpus.data("in-toto/in-toto-golang/data/canonical-test.link"))
        var expected = Data(#"{"_type":"link","byproducts":{},"command":[],"environment":{"a":"WTF","b":true,"c":false,"d":null,"e":1,"f":""#.utf8)
        expected.append(contentsOf: [0x1B, 0xEF, 0xBF, 0xBF])  // ESC and U+FFFF, raw
        expected.append(contentsOf: Data(#"F\\n\""},"materials":{},"name":"test","products":{}}"#.utf8))
        #expect(envelope.signedBytes == expected)
        #expect(envelope.format == .metablock)
    }

    @Test("expires timestamps: strict shape, round trip")
    func timestamps() {
        #expect(InTotoTimestamp.parse("2030-11-18T16:06:36Z")?.timeIntervalSince1970 == 1_921_248_396)
        #expect(RFC3339.format(Date(timeIntervalSince1970: 1_921_248_396)) == "2030-11-18T16:06:36Z")
        for bad in ["2030-11-18T16:06:36", "2030-11-18 16:06:36Z", "2030-02-30T00:00:00Z", "2030-11-18T16:06:36.5Z", "2030-11-18T24:00:00Z"] {
            #expect(InTotoTimestamp.parse(bad) == nil, "\(bad)")
        }
    }

    @Test("Python list repr in messages")
    func pythonRepr() {
        #expect(PythonRepr.list(["a", "it's", "q\"'", "t\n"]) == #"['a', "it's", 'q"\'', 't\n']"#)
    }
}
