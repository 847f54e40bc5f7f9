import Foundation
import Testing
@testable import AirlockFormats
import AirlockTestKit

@Suite("in-toto layouts and links")
struct InTotoLayoutTests {
    /// The `signed` document of a Metablock or DSSE-wrapped file.
    static func signed(_ data: Data) throws -> JSONValue {
        if let mb = try? Metablock.parse(data) { return mb.signed }
        return try JSONValue.parse(DSSEEnvelope.parse(data).payload)
    }

    @Test("every corpus layout and link parses", .enabled(if: Corpus.isAvailable, "corpus absent"))
    func corpus() throws {
        let docs = try CorpusDocuments.all(under: "in-toto") { _ in true }.filter { doc in
            [".link", ".layout"].contains { doc.label.hasSuffix($0) }
        }
        var layouts = 0, links = 0
        for doc in docs {
            do {
                let s = try Self.signed(doc.data)
                switch s.objectValue?["_type"]?.stringValue {
                case "layout": _ = try InTotoLayout.parse(signed: s); layouts += 1
                case "link": _ = try InTotoLink.parse(signed: s); links += 1
                default: Issue.record("\(doc.label): unknown _type")
                }
            } catch {
                Issue.record("\(doc.label): \(error)")
            }
        }
        #expect(layouts >= 4 && links >= 10)
    }

    @Test("unsigned in-toto python templates fail for the right reason", .enabled(if: Corpus.isAvailable, "corpus absent"))
    func templates() throws {
        let mb = try Metablock.parse(Corpus.data("in-toto/in-toto-python/demo_files/demo.layout.template"))
        #expect(mb.signatures.isEmpty)
        let e1 = formatError { _ = try InTotoLayout.parse(signed: mb.signed) }
        #expect(e1?.code == .missingField && e1?.field == "signed.expires")
        let e2 = formatError { _ = try DSSEEnvelope.parse(Corpus.data("in-toto/in-toto-python/demo_dsse_files/demo.layout.template")) }
        #expect(e2?.code == .missingField && e2?.field == "signatures")
    }

    @Test("demo.layout contents", .enabled(if: Corpus.isAvailable, "corpus absent"))
    func demo() throws {
        let mb = try Metablock.parse(Corpus.data("in-toto/in-toto-golang/data/demo.layout"))
        #expect(mb.signatures.first?.keyid == "70ca5750c2eda80b18f41f4ec5f92146789b5d68dd09577be422a0159bd13680")
        #expect(mb.signatures.first?.sig.count == 256 && mb.signatures.first?.cert == nil)
        let layout = try InTotoLayout.parse(signed: mb.signed)
        #expect(layout.expires == RFC3339.parse("2030-11-18T16:06:36Z"))
        #expect(layout.steps.map(\.name) == ["write-code", "package"])
        #expect(layout.steps[0].expectedProducts == [.allow("foo.py")])
        #expect(layout.inspections.first?.run == ["tar", "xfz", "foo.tar.gz"])
        #expect(layout.inspections.first?.expectedMaterials.first
                == .match(pattern: "foo.tar.gz", sourcePrefix: nil, side: .products, destinationPrefix: nil, step: "package"))
        #expect(layout.rootCAs.count == 1 && layout.rootCAs.first?.value.certificate != nil)
        let key = try #require(layout.keys["b7d643dec0a051096ee5d87221b5d91a33daa658699d30903e1cefb90c418401"])
        #expect(key.keytype == "rsa" && key.scheme == "rsassa-pss-sha256" && key.keyidHashAlgorithms == ["sha256", "sha512"])
        let pre = String(decoding: key.keyIDPreimage(), as: UTF8.self)
        #expect(pre.hasPrefix(#"{"keyid_hash_algorithms":["sha256","sha512"],"keytype":"rsa","keyval":{"public":"-----BEGIN PUBLIC KEY-----"# + "\n"))
        #expect(pre.hasSuffix(#""},"scheme":"rsassa-pss-sha256"}"#))
        let canonical = try mb.canonicalSignedBytes()
        #expect(canonical.starts(with: Data(#"{"_type":"layout","expires":"2030-11-18T16:06:36Z","inspect":[{"#.utf8)))
        let link = try InTotoLink.parse(signed: Metablock.parse(Corpus.data("in-toto/in-toto-golang/data/write-code.b7d643de.link")).signed)
        #expect(link.name == "write-code")
        #expect(link.products["foo.py"]?["sha256"] == "74dc3727c6e89308b39e4dfedf787e37841198b1fa165a27c013544a60502549")
    }

    @Test("artifact rule grammar", arguments: [
        (["MATCH", "*", "WITH", "PRODUCTS", "FROM", "s"], true),
        (["match", "*", "in", "src", "with", "materials", "in", "dst", "from", "s"], true),
        (["MATCH", "*", "IN", "src", "WITH", "PRODUCTS", "FROM", "s"], true),
        (["MATCH", "*", "WITH", "PRODUCTS", "IN", "dst", "FROM", "s"], true),
        (["MATCH", "*", "WITH", "ARTIFACTS", "FROM", "s"], false),
        (["MATCH", "*", "WITH", "PRODUCTS", "TO", "s"], false),
        (["MATCH", "*", "WITH", "PRODUCTS", "FROM"], false),
        (["DISALLOW", "*"], true),
        (["DISALLOW"], false),
        (["ALLOW", "a", "b"], false),
        (["EXECUTE", "x"], false),
        ([], false),
    ])
    func rules(tokens: [String], valid: Bool) {
        switch ArtifactRule.parse(tokens) {
        case .success: #expect(valid)
        case .failure(let e):
            #expect(!valid)
            #expect(e.code == .invalidField && e.reason.contains("invalid artifact rule"))
        }
    }

    @Test("layout errors name the path", arguments: [
        (#"{"_type": "link", "expires": "2030-01-01T00:00:00Z"}"#, FormatError.Code.invalidField, "signed._type"),
        (#"{"_type": "layout", "expires": "2030-01-01"}"#, .invalidField, "signed.expires"),
        (#"{"_type": "layout", "expires": "2030-01-01T00:00:00Z", "steps": [{"_type": "step", "name": "a"}, {"_type": "step", "name": "a"}]}"#, .invalidField, "signed.steps[1].name"),
        (#"{"_type": "layout", "expires": "2030-01-01T00:00:00Z", "steps": [{"_type": "step", "name": "a", "threshold": 0}]}"#, .invalidField, "signed.steps[0].threshold"),
        (#"{"_type": "layout", "expires": "2030-01-01T00:00:00Z", "steps": [{"_type": "step", "name": "a", "expected_products": [["ALLOW"]]}]}"#, .invalidField, "signed.steps[0].expected_products[0]"),
    ])
    func layoutErrors(json: String, code: FormatError.Code, field: String) {
        let err = formatError { _ = try InTotoLayout.parse(signed: JSONValue.parse(utf8(json))) }
        #expect(err?.code == code && err?.field == field, "\(String(describing: err))")
    }

    @Test("Metablock errors")
    func metablockErrors() {
        let e1 = formatError { _ = try Metablock.parse(utf8(#"{"signed": {}, "signatures": [{"keyid": "k", "sig": "xyz"}]}"#)) }
        #expect(e1?.code == .invalidField && e1?.field == "signatures[0].sig")
        let e2 = formatError { _ = try Metablock.parse(utf8(#"{"signed": [], "signatures": []}"#)) }
        #expect(e2?.code == .invalidField && e2?.field == "signed")
        let e3 = formatError { _ = try InTotoLink.parse(signed: JSONValue.parse(utf8(#"{"_type": "link", "name": "n", "products": {"f": {"sha256": "XYZ"}}}"#))) }
        #expect(e3?.field == "signed.products.f.sha256")
    }
}
