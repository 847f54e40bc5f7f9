import Foundation
import Testing
@testable import AirlockFormats
import AirlockTestKit

@Suite("Rekor entry bodies")
struct RekorBodyTests {
    static func entries() throws -> [(String, SigstoreBundle, TransparencyLogEntry)] {
        try SigstoreBundleCorpusTests.bundles().flatMap { doc -> [(String, SigstoreBundle, TransparencyLogEntry)] in
            guard let b = try? SigstoreBundle.parse(doc.data) else { return [] }
            return b.verificationMaterial.tlogEntries.map { (doc.label, b, $0) }
        }
    }

    @Test("every corpus body parses and matches its kindVersion", .enabled(if: Corpus.isAvailable, "corpus absent"))
    func corpusBodies() throws {
        var kinds: [String: Int] = [:]
        for (label, _, entry) in try Self.entries() {
            if entry.kind == "dsse", entry.version == "0.0.2" {
                let err = formatError { _ = try RekorBody.parse(entry.canonicalizedBody) }
                #expect(err?.code == .unsupportedVersion && err?.reason.contains("withdrawn") == true, "\(label)")
                continue
            }
            do {
                let body = try RekorBody.parse(entry.canonicalizedBody)
                #expect(body.kind == entry.kind && body.apiVersion == entry.version, "\(label)")
                kinds["\(body.kind)/\(body.apiVersion)", default: 0] += 1
            } catch {
                Issue.record("\(label): \(error)")
            }
        }
        for k in ["hashedrekord/0.0.1", "dsse/0.0.1", "intoto/0.0.2", "hashedrekord/0.0.2"] {
            #expect(kinds[k, default: 0] > 0, "no \(k) body in the corpus")
        }
    }

    @Test("Rekor v2 bodies are rebuilt byte for byte", .enabled(if: Corpus.isAvailable, "corpus absent"))
    func rebuildV2() throws {
        var rebuilt = 0
        for (label, bundle, entry) in try Self.entries() where entry.kind == "hashedrekord" && entry.version == "0.0.2" {
            guard case .hashedRekordV002(let spec) = try RekorBody.parse(entry.canonicalizedBody) else {
                Issue.record("\(label): wrong case"); continue
            }
            let bytes = RekorBody.canonicalHashedRekordV002(
                digestAlgorithm: spec.digestAlgorithm, digest: spec.digest, signature: spec.signature,
                keyDetails: spec.keyDetails, verifier: spec.verifier)
            #expect(bytes == entry.canonicalizedBody, "\(label)")
            #expect(spec.canonicalBody == entry.canonicalizedBody)
            // The body commits to the bundle's own leaf certificate and signature.
            if case .x509Certificate(let der) = spec.verifier {
                #expect(der == bundle.verificationMaterial.content.leafCertificate, "\(label)")
            }
            switch bundle.content {
            case .messageSignature(let ms):
                #expect(ms.signature == spec.signature && ms.digest == spec.digest, "\(label)")
            case .dsseEnvelope(let env):
                #expect(env.signatures.first?.sig == spec.signature, "\(label)")
            }
            rebuilt += 1
        }
        #expect(rebuilt >= 3)
    }

    @Test("sigstore-java DSSE over Rekor v2 uses hashedrekord", .enabled(if: Corpus.isAvailable, "corpus absent"))
    func dsseRekorV2() throws {
        let b = try SigstoreBundle.parse(Corpus.data("sigstore/sigstore-java/samples/bundles/bundle.dsse.rekor-v2.sigstore"))
        let entry = try #require(b.verificationMaterial.tlogEntries.first)
        #expect(entry.kind == "hashedrekord" && entry.version == "0.0.2")
        guard case .hashedRekordV002(let spec) = try RekorBody.parse(entry.canonicalizedBody) else {
            Issue.record("wrong case"); return
        }
        #expect(spec.digestAlgorithm == "sha256" && spec.keyDetails == "PKIX_ECDSA_P256_SHA_256")
    }

    @Test("v1 bodies expose what the verifier compares", .enabled(if: Corpus.isAvailable, "corpus absent"))
    func v1Fields() throws {
        let b = try SigstoreBundle.parse(Corpus.data("sigstore/sigstore-java/samples/bundles/bundle.v3_1.sigstore"))
        guard case .hashedRekordV001(let spec) = try RekorBody.parse(b.verificationMaterial.tlogEntries[0].canonicalizedBody),
              case .messageSignature(let ms) = b.content else { Issue.record("wrong case"); return }
        #expect(spec.hashAlgorithm == "sha256" && spec.hashHex == Hex.encode(ms.digest!))
        #expect(spec.signature == ms.signature)
        #expect(String(decoding: spec.publicKeyPEM, as: UTF8.self).hasPrefix("-----BEGIN CERTIFICATE-----"))
        let d = try SigstoreBundle.parse(Corpus.data("sigstore/sigstore-go/bundles/dsse.sigstore.json"))
        guard case .intotoV002(let intoto) = try RekorBody.parse(d.verificationMaterial.tlogEntries[0].canonicalizedBody),
              case .dsseEnvelope(let env) = d.content else { Issue.record("wrong case"); return }
        #expect(intoto.signatures.first?.signature == env.signatures.first?.sig)  // decoded twice
        #expect(intoto.payloadHashAlgorithm == "sha256" && intoto.payloadHashHex.count == 64)
    }

    @Test("body errors", arguments: [
        (#"{"apiVersion":"0.0.9","kind":"hashedrekord","spec":{}}"#, FormatError.Code.unsupportedVersion, "kind"),
        (#"{"apiVersion":"0.0.1","kind":"rekord","spec":{}}"#, .unsupportedVersion, "kind"),
        (#"{"apiVersion":"0.0.1","kind":"hashedrekord"}"#, .missingField, "spec"),
        (#"{"apiVersion":"0.0.1","kind":"hashedrekord","spec":{"data":{"hash":{"algorithm":"sha256","value":"AB"}}}}"#, .invalidField, "spec.data.hash.value"),
        (#"{"apiVersion":"0.0.1","kind":"hashedrekord","spec":{"data":{"hash":{"algorithm":"md5","value":"ab"}}}}"#, .invalidField, "spec.data.hash.algorithm"),
        (#"{"apiVersion":"0.0.2","kind":"intoto","spec":{"content":{"payloadHash":{"algorithm":"sha256","value":"\#(String(repeating: "a", count: 64))"},"envelope":{"signatures":[{"sig":"AQ==","publicKey":"AQ=="}]}}}}"#, .badBase64, "spec.content.envelope.signatures[0].sig"),
    ])
    func errors(json: String, code: FormatError.Code, field: String) {
        let err = formatError { _ = try RekorBody.parse(utf8(json)) }
        #expect(err?.code == code && err?.field == field, "\(String(describing: err))")
    }

    @Test("cosign bundle annotation", .enabled(if: Corpus.isAvailable, "corpus absent"))
    func cosignAnnotation() throws {
        let manifest = try JSONValue.parse(Corpus.data("slsa/slsa-verifier/testdata/gha_generic_container/v1.4.0/container_workflow_dispatch/blobs/sha256/738d456c898daf28d211c2e0b8ecf5dc67b9a1d631c99ef2c4b4669bcb7a0354"))
        let layer = try #require(manifest.objectValue?["layers"]?.arrayValue?.first?.objectValue)
        let annotation = try #require(layer["annotations"]?.objectValue?["dev.sigstore.cosign/bundle"]?.stringValue)
        let b = try CosignRekorBundle.parse(utf8(annotation))
        #expect(b.logIndex == 10957770 && b.logIDHex.hasPrefix("c0d23d6a") && b.integratedTime > 1_600_000_000)
        guard case .intotoV001(let body) = try RekorBody.parse(b.body) else { Issue.record("wrong case"); return }
        #expect(body.payloadHashHex == "30a63efab7415155b1363622d8a30c9afa9c796d4e93285337e0f30b1a23a276")
        let err = formatError { _ = try CosignRekorBundle.parse(utf8(#"{"SignedEntryTimestamp":"AQ==","Payload":{"body":"AQ==","integratedTime":1,"logIndex":1,"logID":"ABCD"}}"#)) }
        #expect(err?.code == .invalidField && err?.field == "Payload.logID")
    }
}
