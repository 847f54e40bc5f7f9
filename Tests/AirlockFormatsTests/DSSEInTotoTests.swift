import Foundation
import Testing
@testable import AirlockFormats
import AirlockTestKit

@Suite("DSSE and in-toto Statement")
struct DSSEInTotoTests {
    @Test("PAE vector from the DSSE spec")
    func pae() {
        let pae = DSSEEnvelope.pae(type: "http://example.com/HelloWorld", body: utf8("hello world"))
        #expect(pae == utf8("DSSEv1 29 http://example.com/HelloWorld 11 hello world"))
        let env = DSSEEnvelope(payload: Data(), payloadType: "t", signatures: [])
        #expect(env.pae() == utf8("DSSEv1 1 t 0 "))
    }

    @Test("envelope parsing: URL-safe base64, keyid optional")
    func envelope() throws {
        let env = try DSSEEnvelope.parse(utf8(#"{"payload": "-_8", "payloadType": "x", "signatures": [{"sig": "AQ", "keyid": ""}, {"sig": "Ag==", "keyid": "k"}]}"#))
        #expect(env.payload == Data([0xFB, 0xFF]))
        #expect(env.signatures == [DSSESignature(sig: Data([1]), keyid: nil), DSSESignature(sig: Data([2]), keyid: "k")])
    }

    @Test("envelope errors", arguments: [
        (#"{"payload": "", "payloadType": "x", "signatures": []}"#, FormatError.Code.missingField, "signatures"),
        (#"{"payload": "", "payloadType": "", "signatures": [{"sig": "AQ=="}]}"#, .invalidField, "payloadType"),
        (#"{"payloadType": "x", "signatures": [{"sig": "AQ=="}]}"#, .missingField, "payload"),
        (#"{"payload": "", "payloadType": "x", "signatures": [{"sig": "?"}]}"#, .badBase64, "signatures[0].sig"),
    ])
    func envelopeErrors(json: String, code: FormatError.Code, field: String) {
        let err = formatError { _ = try DSSEEnvelope.parse(utf8(json)) }
        #expect(err?.code == code && err?.field == field, "\(String(describing: err))")
    }

    @Test("statement parsing")
    func statement() throws {
        let s = try InTotoStatement.parse(utf8(#"{"_type": "https://in-toto.io/Statement/v1", "subject": [{"name": "a", "digest": {"sha256": "ab01", "gitCommit": "cd"}}], "predicateType": "https://slsa.dev/provenance/v1", "predicate": {"k": 1}}"#))
        #expect(s.subjects == [ResourceDescriptor(name: "a", uri: nil, digest: ["sha256": "ab01", "gitCommit": "cd"])])
        #expect(s.predicate.objectValue?["k"]?.numberValue?.int64 == 1)
    }

    @Test("statement errors", arguments: [
        (#"{"_type": "https://in-toto.io/Statement/v2", "subject": [], "predicateType": "p"}"#, FormatError.Code.unsupportedVersion, "_type"),
        (#"{"_type": "https://in-toto.io/Statement/v1", "subject": [], "predicateType": "p"}"#, .missingField, "subject"),
        (#"{"_type": "https://in-toto.io/Statement/v1", "subject": [{"name": "a"}], "predicateType": "p"}"#, .missingField, "subject[0].digest"),
        (#"{"_type": "https://in-toto.io/Statement/v1", "subject": [{"digest": {"sha256": "AB"}}], "predicateType": "p"}"#, .invalidField, "subject[0].digest.sha256"),
        (#"{"_type": "https://in-toto.io/Statement/v1", "subject": [{"digest": {"sha256": "ab"}}]}"#, .missingField, "predicateType"),
        (#"{"_type": "https://in-toto.io/Statement/v1", "subject": {}, "predicateType": "p"}"#, .invalidField, "subject"),
    ])
    func statementErrors(json: String, code: FormatError.Code, field: String) {
        let err = formatError { _ = try InTotoStatement.parse(utf8(json)) }
        #expect(err?.code == code && err?.field == field, "\(String(describing: err))")
    }

    @Test("statement limits")
    func statementLimits() {
        var limits = Limits()
        limits.maxStatementSubjects = 1
        limits.maxSubjectDigests = 1
        let two = #"{"_type": "https://in-toto.io/Statement/v1", "subject": [{"digest": {"sha256": "ab"}}, {"digest": {"sha256": "ab"}}], "predicateType": "p"}"#
        let e1 = formatError { _ = try InTotoStatement.parse(utf8(two), limits: limits) }
        #expect(e1?.code == .limitExceeded && e1?.field == "subject")
        let digests = #"{"_type": "https://in-toto.io/Statement/v1", "subject": [{"digest": {"sha256": "ab", "sha512": "cd"}}], "predicateType": "p"}"#
        let e2 = formatError { _ = try InTotoStatement.parse(utf8(digests), limits: limits) }
        #expect(e2?.code == .limitExceeded && e2?.field == "subject[0].digest")
    }

    @Test("DSSE payloads of corpus bundles are in-toto statements", .enabled(if: Corpus.isAvailable, "corpus absent"))
    func corpusStatements() throws {
        var count = 0
        for doc in try SigstoreBundleCorpusTests.bundles() where !SigstoreBundleCorpusTests.malformed.keys.contains(doc.label) {
            guard let b = try? SigstoreBundle.parse(doc.data), case .dsseEnvelope(let env) = b.content,
                  env.payloadType == MediaType.inTotoPayload else { continue }
            // slsa-verifier deliberately ships statements with a broken _type; those must fail with unsupportedVersion.
            do {
                let s = try InTotoStatement.parse(env.payload)
                #expect(!s.subjects.isEmpty)
                count += 1
            } catch let e as FormatError {
                #expect(doc.label.contains("mismatch") && e.code == .unsupportedVersion, "\(doc.label): \(e)")
            }
        }
        #expect(count > 20)
        for file in ["sigstore/sigstore-go/examples/intoto.txt", "sigstore/sigstore-js/bundles/statement.json",
                     "sigstore/sigstore-go/examples/statement-provenance-sigstorejs1.3.0.json"] {
            #expect(throws: Never.self, "\(file)") { _ = try InTotoStatement.parse(Corpus.data(file)) }
        }
    }
}
