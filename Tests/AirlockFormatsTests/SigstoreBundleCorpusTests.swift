import Foundation
import Testing
@testable import AirlockFormats
import AirlockTestKit

@Suite("Sigstore bundles from the corpus", .enabled(if: Corpus.isAvailable, "corpus absent"))
struct SigstoreBundleCorpusTests {
    /// Corpus bundles that must fail to parse, with the expected code and field (SOURCES.md).
    static let malformed: [String: (FormatError.Code, String?)] = [
        "sigstore/sigstore-python/assets/bundle_invalid_version.txt.sigstore": (.unsupportedVersion, "mediaType"),
        "sigstore/sigstore-python/assets/bundle_no_cert_v1.txt.sigstore":
            (.missingField, "verificationMaterial.x509CertificateChain.certificates"),
        "sigstore/sigstore-python/assets/tsa/bundle.many_timestamp.sigstore":
            (.limitExceeded, "verificationMaterial.timestampVerificationData.rfc3161Timestamps"),
        "sigstore/github-cli/attestation/github_provenance_demo-0.0.12-py3-none-any-bundle-missing-cert.jsonl:1":
            (.missingField, "(root)"),
        "sigstore/github-cli/attestation/github_provenance_demo-0.0.12-py3-none-any-bundle-missing-verification-material.jsonl:1":
            (.missingField, "verificationMaterial"),
    ]

    static func bundles() throws -> [CorpusDocuments.Document] {
        guard Corpus.isAvailable else { return [] }
        return try CorpusDocuments.all(under: "sigstore") {
            $0.contains("vnd.dev.sigstore.bundle") || $0.contains("this is completely wrong")
        } + CorpusDocuments.all(under: "slsa") { $0.contains("vnd.dev.sigstore.bundle") && $0.contains("\"mediaType\"") }
    }

    @Test("every corpus bundle parses, or fails as SOURCES.md says")
    func allBundles() throws {
        let docs = try Self.bundles()
        #expect(docs.count > 60)
        var seenMalformed = 0
        for doc in docs {
            if let (code, field) = Self.malformed[doc.label] {
                seenMalformed += 1
                let err = formatError { _ = try SigstoreBundle.parse(doc.data) }
                #expect(err?.code == code, "\(doc.label): \(String(describing: err))")
                #expect(err?.field == field, "\(doc.label): \(String(describing: err))")
            } else if doc.label.hasPrefix("sigstore/") {
                #expect(throws: Never.self, "\(doc.label)") { _ = try SigstoreBundle.parse(doc.data) }
            }
        }
        #expect(seenMalformed == Self.malformed.count)
    }

    @Test("v0.3 keyless bundle: fields decoded")
    func v03Fields() throws {
        let b = try SigstoreBundle.parse(Corpus.data("sigstore/sigstore-java/samples/bundles/bundle.v3_1.sigstore"))
        #expect(b.version == .v0_3)
        guard case .certificate(let der) = b.verificationMaterial.content else {
            Issue.record("expected a certificate"); return
        }
        #expect(der.first == 0x30)
        let e = try #require(b.verificationMaterial.tlogEntries.first)
        #expect(e.logIndex == 41958702)
        #expect(Hex.encode(e.logID).hasPrefix("c0d23d6a"))
        #expect(e.kind == "hashedrekord" && e.version == "0.0.1")
        #expect(e.integratedTime == 1697034484)
        #expect(e.signedEntryTimestamp?.isEmpty == false)
        let proof = try #require(e.inclusionProof)
        #expect(proof.logIndex == 37795271 && proof.treeSize == 37795272 && proof.hashes.count == 12)
        #expect(proof.checkpoint?.hasPrefix("rekor.sigstore.dev - 2605736670972794746\n37795272\n") == true)
        guard case .messageSignature(let ms) = b.content else { Issue.record("expected messageSignature"); return }
        #expect(ms.digestAlgorithm == "sha256")
        #expect(ms.digest.map(Hex.encode)?.hasPrefix("a0cfc712") == true)
    }

    @Test("a proof without checkpoint parses with checkpoint nil (the verifier decides)")
    func noCheckpoint() throws {
        for file in ["sigstore/sigstore-python/assets/bundle_no_checkpoint.txt.sigstore",
                     "sigstore/sigstore-python/assets/integration/Python-3.12.5.tgz.sigstore"] {
            let b = try SigstoreBundle.parse(Corpus.data(file))
            let proof = try #require(b.verificationMaterial.tlogEntries.first?.inclusionProof)
            #expect(proof.checkpoint == nil)
        }
    }

    @Test("Rekor v2 entry: no integratedTime, no promise")
    func rekorV2() throws {
        let b = try SigstoreBundle.parse(Corpus.data("sigstore/sigstore-java/samples/bundles/bundle-with-rekor-v2-entry.sigstore"))
        let e = try #require(b.verificationMaterial.tlogEntries.first)
        #expect(e.integratedTime == 0 && e.signedEntryTimestamp == nil)
        #expect(e.version == "0.0.2")
        #expect(b.verificationMaterial.rfc3161Timestamps.count == 1)
    }

    @Test("v0.1 chain, DSSE content, bundle without digest, public-key bundle")
    func variants() throws {
        let chain = try SigstoreBundle.parse(Corpus.data("sigstore/sigstore-js/bundles/bundleV01-full-cert-chain.sigstore"))
        guard case .x509CertificateChain(let certs) = chain.verificationMaterial.content else {
            Issue.record("expected a chain"); return
        }
        #expect(certs.count > 1)
        #expect(chain.version == .v0_1 && chain.version < .v0_3)
        let dsse = try SigstoreBundle.parse(Corpus.data("sigstore/sigstore-go/bundles/dsse-2sigs.sigstore.json"))
        guard case .dsseEnvelope(let env) = dsse.content else { Issue.record("expected DSSE"); return }
        #expect(env.signatures.count == 2)
        #expect(env.payloadType == "application/vnd.in-toto+json")
        let noDigest = try SigstoreBundle.parse(Corpus.data("sigstore/sigstore-java/samples/bundles/bundle-no-digest.sigstore"))
        guard case .messageSignature(let ms) = noDigest.content else { Issue.record("expected messageSignature"); return }
        #expect(ms.digest == nil && ms.digestAlgorithm == nil)
        let pk = try SigstoreBundle.parse(Corpus.data("sigstore/sigstore-go/bundles/public-key-validity.sigstore.json"))
        #expect(pk.verificationMaterial.content == .publicKey(hint: "IpekKjxVkmTfB4YqY8q5sGEAeVtF9x3m7jHdhAxpgjQ="))
    }

    @Test("a bare TransparencyLogEntry (Rekor v2 API response) parses")
    func bareEntry() throws {
        let e = try TransparencyLogEntry.parse(Corpus.data("sigstore/sigstore-java/samples/rekor-response/valid/entry-v2.json"))
        #expect(e.version == "0.0.2" && e.inclusionProof != nil)
    }
}
