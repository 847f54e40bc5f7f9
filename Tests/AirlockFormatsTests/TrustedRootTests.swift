import Foundation
import Testing
@testable import AirlockFormats
import AirlockTestKit

@Suite("Trusted root")
struct TrustedRootTests {
    static func roots() throws -> [(CorpusDocuments.Document, JSONObject)] {
        try CorpusDocuments.all(under: "sigstore") { $0.contains("\"mediaType\"") }.compactMap { doc in
            guard let o = try? JSONValue.parse(doc.data).objectValue,
                  let mt = o["mediaType"]?.stringValue, mt.contains("trustedroot") || o["tlogs"] != nil || o["certificateAuthorities"] != nil
            else { return nil }
            return (doc, o)
        }
    }

    @Test("every corpus trusted root parses; bad media types are unsupported", .enabled(if: Corpus.isAvailable, "corpus absent"))
    func corpus() throws {
        let docs = try Self.roots()
        #expect(docs.count >= 14)
        var bad = 0
        for (doc, o) in docs {
            if o["mediaType"]?.stringValue == "bad-media-type" {
                bad += 1
                let err = formatError { _ = try TrustedRoot.parse(doc.data) }
                #expect(err?.code == .unsupportedVersion && err?.field == "mediaType", "\(doc.label)")
            } else {
                #expect(throws: Never.self, "\(doc.label)") { _ = try TrustedRoot.parse(doc.data) }
            }
        }
        #expect(bad == 1)
        // The GitHub root on line 2 of sigstore-java's JSONL: CAs and TSAs only.
        let gh = try #require(docs.first { $0.0.label.hasSuffix("github-private-no-tlog/trusted_root.jsonl:2") })
        let root = try TrustedRoot.parse(gh.0.data)
        #expect(root.tlogs.isEmpty && root.ctlogs.isEmpty)
        #expect(root.certificateAuthorities.count == 6 && root.timestampAuthorities.count == 6)
    }

    @Test("public-good root contents", .enabled(if: Corpus.isAvailable, "corpus absent"))
    func publicGood() throws {
        let root = try TrustedRoot.parse(Corpus.data("tuf/sigstore-root-signing/targets/trusted_root.json"))
        #expect(root.tlogs.map(\.originHost) == ["rekor.sigstore.dev", "log2025-1.rekor.sigstore.dev"])
        let v1 = root.tlogs[0]
        #expect(Hex.encode(v1.logID).hasPrefix("c0d23d6a"))
        #expect(v1.publicKey.keyDetails == "PKIX_ECDSA_P256_SHA_256" && v1.hashAlgorithm == "sha256")
        #expect(v1.publicKey.validFor.start == RFC3339.parse("2021-01-12T11:53:27Z"))
        #expect(root.tlogs[1].publicKey.keyDetails == "PKIX_ED25519")
        #expect(Hex.encode(root.tlogs[1].logID).hasPrefix("cf119915"))
        #expect(root.tlog(withID: root.tlogs[1].logID)?.baseURL == "https://log2025-1.rekor.sigstore.dev")
        let ct = root.ctlogs[0]
        #expect(ct.publicKey.validFor.end == RFC3339.parse("2022-10-31T23:59:59.999Z"))
        #expect(ct.publicKey.validFor.contains(RFC3339.parse("2022-10-31T23:59:59.999Z")!))
        #expect(!ct.publicKey.validFor.contains(RFC3339.parse("2022-10-31T23:59:59.9995Z")!))
        let fulcio = root.certificateAuthorities
        #expect(fulcio.count == 2 && fulcio[1].certChain.count == 2)
        #expect(fulcio[0].subjectOrganization == "sigstore.dev" && fulcio[0].subjectCommonName == "sigstore")
        #expect(root.timestampAuthorities.first?.subjectCommonName == "sigstore-tsa-selfsigned")
    }

    @Test("stand-alone CA documents", .enabled(if: Corpus.isAvailable, "corpus absent"))
    func certificateAuthorities() throws {
        let ca = try CertificateAuthority.parse(Corpus.data("sigstore/sigstore-python/assets/trusted_root/certificate_authority.json"))
        #expect(ca.certChain.count == 3 && ca.subjectOrganization == "GitHub, Inc.")
        let err = formatError { _ = try CertificateAuthority.parse(Corpus.data("sigstore/sigstore-python/assets/trusted_root/certificate_authority.empty.json")) }
        #expect(err?.code == .missingField && err?.field == "certChain.certificates")
    }

    static func root(tlog: String) -> Data {
        utf8(#"{"mediaType": "application/vnd.dev.sigstore.trustedroot.v0.2+json", "tlogs": [\#(tlog)]}"#)
    }

    static let goodLog = #"{"baseUrl": "https://log.example:8443/api", "hashAlgorithm": "SHA2_256", "publicKey": {"rawBytes": "AQ==", "keyDetails": "PKIX_ED25519", "validFor": {"start": "2025-01-01T00:00:00Z"}}, "logId": {"keyId": "Ag=="}, "checkpointKeyId": {"keyId": "Aw=="}, "operator": "me"}"#

    @Test("v0.2 fields and origin host")
    func v02() throws {
        let root = try TrustedRoot.parse(Self.root(tlog: Self.goodLog))
        let log = try #require(root.tlogs.first)
        #expect(log.originHost == "log.example" && log.checkpointKeyID == Data([3]) && log.operatorName == "me")
        #expect(root.tlog(withID: Data([3])) == log && root.tlog(withID: Data([2])) == log)
    }

    @Test("logs failing sigstore-go's rules are rejected", arguments: [
        (goodLog.replacingOccurrences(of: "SHA2_256", with: "SHA2_384"), FormatError.Code.invalidField, "tlogs[0].hashAlgorithm"),
        (goodLog.replacingOccurrences(of: #", "logId": {"keyId": "Ag=="}"#, with: ""), .missingField, "tlogs[0].logId"),
        (goodLog.replacingOccurrences(of: #""rawBytes": "AQ==", "#, with: ""), .missingField, "tlogs[0].publicKey.rawBytes"),
        (goodLog.replacingOccurrences(of: #", "validFor": {"start": "2025-01-01T00:00:00Z"}"#, with: ""), .missingField, "tlogs[0].publicKey.validFor"),
        (goodLog.replacingOccurrences(of: #""start": "2025-01-01T00:00:00Z""#, with: #""end": "2025-01-01T00:00:00Z""#), .missingField, "tlogs[0].publicKey.validFor.start"),
        (goodLog.replacingOccurrences(of: "2025-01-01T00:00:00Z", with: "2025-01-01"), .invalidField, "tlogs[0].publicKey.validFor.start"),
    ])
    func badLogs(tlog: String, code: FormatError.Code, field: String) {
        let err = formatError { _ = try TrustedRoot.parse(Self.root(tlog: tlog)) }
        #expect(err?.code == code && err?.field == field, "\(String(describing: err))")
    }
}
