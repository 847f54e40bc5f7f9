import Foundation
import Testing
@testable import AirlockFormats

@Suite("Sigstore bundle parser")
struct SigstoreBundleTests {
    static let hash32 = Base64.encode(Data(repeating: 7, count: 32))

    /// A minimal valid v0.3 bundle; `entry` and `top` let tests splice in changes.
    static func bundle(mediaType: String = "application/vnd.dev.sigstore.bundle.v0.3+json",
                       material: String = #""certificate": {"rawBytes": "MAA="}"#,
                       entry: String = "", content: String? = nil) -> Data {
        let tlog = entry.isEmpty ? "" : #", "tlogEntries": [\#(entry)]"#
        let body = content ?? #""messageSignature": {"messageDigest": {"algorithm": "SHA2_256", "digest": "\#(hash32)"}, "signature": "AQID"}"#
        return utf8(#"{"mediaType": "\#(mediaType)", "verificationMaterial": {\#(material)\#(tlog)}, \#(body), "futureField": 1}"#)
    }

    static func entry(_ extra: String = "", logIndex: String = #""5""#, proof: String? = nil) -> String {
        let p = proof ?? #"{"logIndex": 1, "rootHash": "\#(hash32)", "treeSize": "2", "hashes": ["\#(hash32)"], "checkpoint": {"envelope": "x\n"}}"#
        return #"{"logIndex": \#(logIndex), "logId": {"keyId": "AQ=="}, "kindVersion": {"kind": "hashedrekord", "version": "0.0.1"}, "integratedTime": 17, "inclusionProof": \#(p), "canonicalizedBody": "e30="\#(extra)}"#
    }

    @Test("minimal bundle parses; unknown fields ignored")
    func minimal() throws {
        let b = try SigstoreBundle.parse(Self.bundle(entry: Self.entry()))
        #expect(b.version == .v0_3)
        #expect(b.verificationMaterial.content == .certificate(Data([0x30, 0x00])))
        let e = try #require(b.verificationMaterial.tlogEntries.first)
        #expect(e.logIndex == 5 && e.integratedTime == 17 && e.inclusionProof?.treeSize == 2)
        #expect(e.canonicalizedBody == utf8("{}"))
        guard case .messageSignature(let ms) = b.content else { Issue.record("content"); return }
        #expect(ms.signature == Data([1, 2, 3]) && ms.digestAlgorithm == "sha256")
    }

    @Test("media types", arguments: [
        ("application/vnd.dev.sigstore.bundle+json;version=0.1", SigstoreBundleVersion.v0_1),
        ("application/vnd.dev.sigstore.bundle+json;version=0.2", .v0_2),
        ("application/vnd.dev.sigstore.bundle+json;version=0.3", .v0_3),
        ("application/vnd.dev.sigstore.bundle.v0.3+json", .v0_3),
    ])
    func mediaTypes(mediaType: String, version: SigstoreBundleVersion) throws {
        #expect(try SigstoreBundle.parse(Self.bundle(mediaType: mediaType)).version == version)
    }

    @Test("unknown media types are unsupported", arguments: [
        "application/vnd.dev.sigstore.bundle.v0.4+json", "application/vnd.dev.sigstore.bundle+json;version=0.4",
        "application/vnd.dev.sigstore.bundle.v0.3+JSON", "",
    ])
    func unknownMediaType(mediaType: String) {
        let err = formatError { _ = try SigstoreBundle.parse(Self.bundle(mediaType: mediaType)) }
        #expect(err?.code == .unsupportedVersion)
        #expect(err?.field == "mediaType")
    }

    @Test("snake_case aliases are accepted")
    func snakeCase() throws {
        let json = #"{"media_type": "application/vnd.dev.sigstore.bundle.v0.3+json", "verification_material": {"public_key": {"hint": "k"}, "tlog_entries": [{"log_index": 3, "log_id": {"key_id": "AQ=="}, "kind_version": {"kind": "dsse", "version": "0.0.1"}, "inclusion_promise": {"signed_entry_timestamp": "AQ=="}, "canonicalized_body": "e30="}]}, "message_signature": {"signature": "AQ=="}}"#
        let b = try SigstoreBundle.parse(utf8(json))
        #expect(b.verificationMaterial.content == .publicKey(hint: "k"))
        #expect(b.verificationMaterial.tlogEntries.first?.signedEntryTimestamp == Data([1]))
        #expect(b.verificationMaterial.tlogEntries.first?.logIndex == 3)
    }

    @Test("shape errors name the field", arguments: [
        (entry(logIndex: "-1"), FormatError.Code.invalidField, "verificationMaterial.tlogEntries[0].logIndex"),
        (entry(logIndex: "1.5"), .invalidField, "verificationMaterial.tlogEntries[0].logIndex"),
        (entry(logIndex: #""0x10""#), .invalidField, "verificationMaterial.tlogEntries[0].logIndex"),
        (entry().replacingOccurrences(of: #""logId": {"keyId": "AQ=="}, "#, with: ""), .missingField, "verificationMaterial.tlogEntries[0].logId"),
        (entry().replacingOccurrences(of: #""version": "0.0.1""#, with: #""version": """#), .invalidField, "verificationMaterial.tlogEntries[0].kindVersion.version"),
        (entry().replacingOccurrences(of: #", "canonicalizedBody": "e30=""#, with: ""), .missingField, "verificationMaterial.tlogEntries[0].canonicalizedBody"),
        (entry(proof: #"{"rootHash": "AQ==", "checkpoint": {"envelope": "x"}}"#), .invalidField, "verificationMaterial.tlogEntries[0].inclusionProof.rootHash"),
        (entry(proof: #"{"rootHash": "\#(hash32)", "hashes": ["\#(hash32)", "AQ=="], "checkpoint": {"envelope": "x"}}"#), .invalidField, "verificationMaterial.tlogEntries[0].inclusionProof.hashes[1]"),
        (entry(proof: #"{"rootHash": "\#(hash32)", "hashes": ["\#(hash32)", "A!=="], "checkpoint": {"envelope": "x"}}"#), .badBase64, "verificationMaterial.tlogEntries[0].inclusionProof.hashes[1]"),
        (entry(proof: #"{"rootHash": "\#(hash32)", "treeSize": "-2"}"#), .invalidField, "verificationMaterial.tlogEntries[0].inclusionProof.treeSize"),
    ])
    func shapeErrors(entry: String, code: FormatError.Code, field: String) {
        let err = formatError { _ = try SigstoreBundle.parse(Self.bundle(entry: entry)) }
        #expect(err?.code == code, "\(String(describing: err))")
        #expect(err?.field == field, "\(String(describing: err))")
    }

    @Test("content must be exactly one of each oneof")
    func oneofs() {
        let both = Self.bundle(material: #""certificate": {"rawBytes": "MAA="}, "publicKey": {"hint": ""}"#)
        let e1 = formatError { _ = try SigstoreBundle.parse(both) }
        #expect(e1?.code == .invalidField && e1?.field == "verificationMaterial")
        let none = Self.bundle(material: #""tlogEntries": []"#)
        let e2 = formatError { _ = try SigstoreBundle.parse(none) }
        #expect(e2?.code == .missingField && e2?.reason.contains("one of publicKey") == true)
        let twoContents = Self.bundle(content: #""messageSignature": {"signature": "AQ=="}, "dsseEnvelope": {"payload": "", "payloadType": "t", "signatures": [{"sig": "AQ=="}]}"#)
        let e3 = formatError { _ = try SigstoreBundle.parse(twoContents) }
        #expect(e3?.code == .invalidField && e3?.reason.contains("only one of messageSignature") == true)
    }

    @Test("digest algorithm and length are checked")
    func digests() throws {
        let sha512 = Base64.encode(Data(repeating: 1, count: 64))
        let b = try SigstoreBundle.parse(Self.bundle(content: #""messageSignature": {"messageDigest": {"algorithm": "SHA2_512", "digest": "\#(sha512)"}, "signature": "AQ=="}"#))
        guard case .messageSignature(let ms) = b.content else { Issue.record("content"); return }
        #expect(ms.digestAlgorithm == "sha512")
        let bad = Self.bundle(content: #""messageSignature": {"messageDigest": {"algorithm": "MD5", "digest": "AQ=="}, "signature": "AQ=="}"#)
        let e1 = formatError { _ = try SigstoreBundle.parse(bad) }
        #expect(e1?.field == "messageSignature.messageDigest.algorithm" && e1?.code == .invalidField)
        let short = Self.bundle(content: #""messageSignature": {"messageDigest": {"algorithm": "SHA2_256", "digest": "AQ=="}, "signature": "AQ=="}"#)
        let e2 = formatError { _ = try SigstoreBundle.parse(short) }
        #expect(e2?.reason.contains("must be 32 bytes") == true)
    }

    @Test("limits: tlog entries, chain length, timestamps, DSSE signatures")
    func limits() {
        var limits = Limits()
        limits.maxTlogEntries = 1
        limits.maxChainLength = 1
        limits.maxTimestamps = 1
        limits.maxDSSESignatures = 1
        let twoEntries = Self.bundle(entry: Self.entry() + "," + Self.entry())
        let e1 = formatError { _ = try SigstoreBundle.parse(twoEntries, limits: limits) }
        #expect(e1?.code == .limitExceeded && e1?.field == "verificationMaterial.tlogEntries")
        let chain = Self.bundle(material: #""x509CertificateChain": {"certificates": [{"rawBytes": "MAA="}, {"rawBytes": "MAA="}]}"#)
        let e2 = formatError { _ = try SigstoreBundle.parse(chain, limits: limits) }
        #expect(e2?.code == .limitExceeded && e2?.field == "verificationMaterial.x509CertificateChain.certificates")
        let ts = Self.bundle(material: #""publicKey": {}, "timestampVerificationData": {"rfc3161Timestamps": [{"signedTimestamp": "MAA="}, {"signedTimestamp": "MAA="}]}"#)
        let e3 = formatError { _ = try SigstoreBundle.parse(ts, limits: limits) }
        #expect(e3?.code == .limitExceeded && e3?.field == "verificationMaterial.timestampVerificationData.rfc3161Timestamps")
        let dsse = Self.bundle(content: #""dsseEnvelope": {"payload": "", "payloadType": "t", "signatures": [{"sig": "AQ=="}, {"sig": "AQ=="}]}"#)
        let e4 = formatError { _ = try SigstoreBundle.parse(dsse, limits: limits) }
        #expect(e4?.code == .limitExceeded && e4?.field == "dsseEnvelope.signatures")
    }
}
