import Foundation
import Testing
@testable import AirlockFormats
import AirlockTestKit

/// The in-toto link predicate v0.3 (`predicates/link.md`) read as a link: products from the subjects,
/// materials from the predicate's ResourceDescriptors, names required and unique.
@Suite("in-toto link attestation (predicate v0.3)")
struct InTotoLinkStatementTests {
    static let sha = String(repeating: "ab", count: 32)
    static let other = String(repeating: "cd", count: 32)

    static func statement(subject: String = #"[{"name": "image/manifest.json", "digest": {"sha256": "\#(sha)"}}]"#,
                          materials: String = #"[{"name": "src.tar", "digest": {"sha256": "\#(other)"}, "uri": "git+https://example.test/repo"}]"#,
                          name: String = #""name": "package","#,
                          predicateType: String = PredicateType.inTotoLinkV03) -> JSONValue {
        try! JSONValue.parse(utf8("""
        {"_type": "https://in-toto.io/Statement/v1", "subject": \(subject), "predicateType": "\(predicateType)",
         "predicate": {\(name) "command": ["make", "image"], "materials": \(materials), "byproducts": {"return-value": 0}, "environment": {}}}
        """))
    }

    @Test("the conversion the predicate specifies")
    func converts() throws {
        let link = try InTotoLink.parse(statement: Self.statement())
        #expect(link.name == "package" && link.command == ["make", "image"])
        #expect(link.products == ["image/manifest.json": ["sha256": Self.sha]])
        #expect(link.materials == ["src.tar": ["sha256": Self.other]])
        #expect(link.byproducts.objectValue?["return-value"] != nil)
    }

    @Test("a DSSE envelope over a link statement is a link document")
    func envelope() throws {
        let payload = CanonicalJSON.compact(Self.statement())
        let dsse = DSSEEnvelope(payload: payload, payloadType: MediaType.inTotoPayload, signatures: [DSSESignature(sig: Data([1]), keyid: nil)])
        let parsed = try InTotoEnvelope.parse(dsse.encoded())
        guard case .link(let link) = parsed.document else { Issue.record("not a link"); return }
        #expect(link.name == "package" && parsed.format == .dsse && parsed.signedBytes == dsse.pae())
    }

    @Test("errors name the field", arguments: [
        (statement(predicateType: PredicateType.slsaProvenanceV1), FormatError.Code.unsupportedVersion, "payload.predicateType"),
        (statement(name: ""), .missingField, "payload.predicate.name"),
        (statement(materials: #"[{"digest": {"sha256": "\#(other)"}}]"#), .missingField, "name"),
        (statement(materials: #"[{"name": "a", "digest": {"sha256": "\#(other)"}}, {"name": "a", "digest": {"sha256": "\#(sha)"}}]"#), .invalidField, "name"),
        (statement(subject: #"[{"name": "x", "digest": {"sha256": "\#(sha)"}}, {"name": "x", "digest": {"sha256": "\#(other)"}}]"#), .invalidField, "name"),
        (statement(subject: #"[{"name": "x", "digest": {"sha256": "AB"}}]"#), .invalidField, "digest.sha256"),
    ])
    func errors(statement: JSONValue, code: FormatError.Code, field: String) {
        let err = formatError { _ = try InTotoLink.parse(statement: statement) }
        #expect(err?.code == code, "\(String(describing: err))")
        #expect(err?.field?.hasSuffix(field) == true, "\(String(describing: err?.field))")
    }
}
