import Foundation
import Testing
@testable import AirlockFormats
import AirlockTestKit

@Suite("SLSA predicates")
struct SLSAPredicateTests {
    /// Every in-toto Statement reachable in the corpus: DSSE envelopes (bare or JSONL) and bundle payloads.
    static func statements() throws -> [(String, InTotoStatement)] {
        let docs = try CorpusDocuments.all(under: "slsa") { $0.contains("payloadType") }
            + CorpusDocuments.all(under: "sigstore") { $0.contains("payloadType") }
        return docs.compactMap { doc in
            let env: DSSEEnvelope? = (try? SigstoreBundle.parse(doc.data)).flatMap {
                if case .dsseEnvelope(let e) = $0.content { return e }
                return nil
            } ?? (try? DSSEEnvelope.parse(doc.data))
            guard let env, let s = try? InTotoStatement.parse(env.payload) else { return nil }
            return (doc.label, s)
        }
    }

    @Test("every corpus provenance and VSA predicate parses", .enabled(if: Corpus.isAvailable, "corpus absent"))
    func corpus() throws {
        var counts: [String: Int] = [:]
        for (label, s) in try Self.statements() {
            do {
                switch s.predicateType {
                case SLSAProvenanceV1.predicateType:
                    let p = try SLSAProvenanceV1.parse(predicate: s.predicate)
                    #expect(!p.builderID.isEmpty && !p.buildType.isEmpty, "\(label)")
                case SLSAProvenanceV02.predicateType:
                    let p = try SLSAProvenanceV02.parse(predicate: s.predicate)
                    #expect(!p.builderID.isEmpty, "\(label)")
                case VerificationSummaryV1.predicateType:
                    _ = try VerificationSummaryV1.parse(predicate: s.predicate)
                default:
                    continue
                }
                counts[s.predicateType, default: 0] += 1
            } catch {
                Issue.record("\(label): \(error)")
            }
        }
        #expect(counts[SLSAProvenanceV1.predicateType, default: 0] > 5)
        #expect(counts[SLSAProvenanceV02.predicateType, default: 0] > 5)
        #expect(counts[VerificationSummaryV1.predicateType, default: 0] >= 1)
    }

    @Test("sigstore-python sample predicates", .enabled(if: Corpus.isAvailable, "corpus absent"))
    func samples() throws {
        let v1 = try SLSAProvenanceV1.parse(predicate: JSONValue.parse(Corpus.data("sigstore/sigstore-python/assets/integration/attest/slsa_predicate_v1_0.json")))
        #expect(v1.buildType == "https://actions.github.io/buildtypes/workflow/v1")
        #expect(v1.externalParameters.objectValue?["workflow"]?.objectValue?["repository"] == .string("https://github.com/octo-org/octo-repo"))
        #expect(v1.resolvedDependencies.first?.digest["gitCommit"] == "1ac93ce21ee526b36fd154b9058d97dfaa424c50")
        let v02 = try SLSAProvenanceV02.parse(predicate: JSONValue.parse(Corpus.data("sigstore/sigstore-python/assets/integration/attest/slsa_predicate_v0_2.json")))
        #expect(v02.configSource?.entryPoint == ".github/workflows/release.yml")
        #expect(v02.configSource?.digest["sha1"] == "fc29ec190575ae345cea23f0953b64ca6f2ab8ba")
    }

    @Test("Google BCID VSA", .enabled(if: Corpus.isAvailable, "corpus absent"))
    func vsa() throws {
        let line = try #require(String(decoding: Corpus.data("slsa/slsa-verifier/testdata/vsa/gce/v1/gke-gce-pre.bcid-vsa.jsonl"), as: UTF8.self)
            .split(separator: "\n").first)
        let s = try InTotoStatement.parse(DSSEEnvelope.parse(Data(line.utf8)).payload)
        let vsa = try VerificationSummaryV1.parse(predicate: s.predicate)
        #expect(vsa.verifierID == "https://bcid.corp.google.com/verifier/bcid_package_enforcer/v0.1")
        #expect(vsa.verificationResult == "PASSED" && vsa.verifiedLevels == ["BCID_L1", "SLSA_BUILD_LEVEL_2"])
        #expect(vsa.policyDigest.isEmpty && vsa.policyURI?.hasPrefix("googlefile:") == true)
        #expect(s.subjects.first?.digest["gce_image_id"] == "8970095005306000053")
    }

    @Test("predicate errors name the path", arguments: [
        (#"{"buildDefinition": {"buildType": "t"}, "runDetails": {"builder": {"id": "b"}}}"#, "v1", FormatError.Code.missingField, "predicate.buildDefinition.externalParameters"),
        (#"{"buildDefinition": {"buildType": "t", "externalParameters": []}, "runDetails": {"builder": {"id": "b"}}}"#, "v1", .invalidField, "predicate.buildDefinition.externalParameters"),
        (#"{"buildDefinition": {"buildType": "t", "externalParameters": {}}, "runDetails": {"builder": {"id": "b"}, "metadata": {"startedOn": "yesterday"}}}"#, "v1", .invalidField, "predicate.runDetails.metadata.startedOn"),
        (#"{"buildType": "t"}"#, "v0.2", .missingField, "predicate.builder"),
        (#"{"verifier": {"id": "v"}, "resourceUri": "r", "policy": {}, "verificationResult": "OK"}"#, "vsa", .invalidField, "predicate.verificationResult"),
        (#"{"verifier": {}, "resourceUri": "r", "policy": {}, "verificationResult": "PASSED"}"#, "vsa", .missingField, "predicate.verifier.id"),
    ])
    func errors(json: String, kind: String, code: FormatError.Code, field: String) {
        let err = formatError {
            let v = try JSONValue.parse(utf8(json))
            switch kind {
            case "v1": _ = try SLSAProvenanceV1.parse(predicate: v)
            case "v0.2": _ = try SLSAProvenanceV02.parse(predicate: v)
            default: _ = try VerificationSummaryV1.parse(predicate: v)
            }
        }
        #expect(err?.code == code && err?.field == field, "\(String(describing: err))")
    }
}
