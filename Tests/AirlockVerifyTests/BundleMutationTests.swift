import Foundation
import Testing
import AirlockCrypto
import AirlockFormats
import AirlockTestKit
@testable import AirlockVerify

/// Issue 16, "mutation suite": bit flips in every decoded binary field of real corpus bundles (Rekor v1
/// hashedrekord, Rekor v1 DSSE, Rekor v2 + RFC 3161, TSA only). Every field the bundle carries base64
/// (certificate DER, signatures, DSSE payload, message digest, SET, log id, inclusion-proof hashes and
/// root hash, canonicalized body, RFC 3161 token) and the checkpoint's note signature is mutated at the
/// first, middle and last byte and at a deterministic sample of further positions, re-encoded, and
/// verified at the fixed corpus instant. No mutant may verify; each either fails to parse (only fields
/// that are themselves structured: DER, JSON) or fails a check the field's role determines.
@Suite("Bit flips in every binary field of real bundles")
struct BundleMutationTests {
    struct Subject: Sendable, CustomTestStringConvertible {
        let name: String
        let path: String
        let root: CorpusRoot
        let artifact: String
        let san: String
        let issuer: String
        /// Bundles that carry an RFC 3161 token are verified with one timestamp required: by D4 a token no
        /// trusted TSA verifies is skipped like an unknown TSA's, so only a threshold makes the token decide.
        var thresholds = ThresholdOptions()
        /// A managed key (corpus PEM path) instead of the certificate identity.
        var keyPath: String? = nil
        var testDescription: String { name }
    }

    static let oneTimestamp = ThresholdOptions(timestamps: 1)
    static let java = "sigstore/sigstore-java/samples/bundles/"
    static let subjects = [
        Subject(name: "Rekor v1 hashedrekord (SET + inclusion proof)", path: java + "bundle.v3.sigstore", root: .publicGood,
                artifact: javaArtifact, san: "appu@google.com", issuer: google),
        Subject(name: "Rekor v1 DSSE (sigstore.js provenance)", path: "sigstore/sigstore-go/bundles/sigstore.js@2.0.0-provenance.sigstore.json",
                root: .publicGood, artifact: CorpusBundleTests.sjs200, san: sigstoreJSRelease, issuer: githubActions),
        Subject(name: "Rekor v2 DSSE + RFC 3161", path: java + "bundle.dsse.rekor-v2.sigstore", root: .publicGood,
                artifact: javaArtifact, san: conformanceSA, issuer: google, thresholds: oneTimestamp),
        Subject(name: "Rekor v1 + RFC 3161 (staging)", path: java + "bundle-with-timestamp.sigstore", root: .staging,
                artifact: javaArtifact, san: "aaronlew@google.com", issuer: google, thresholds: oneTimestamp),
        Subject(name: "RFC 3161 only, no log (GitHub private)", path: java + "github-private-no-tlog/attestation.sigstore.json", root: .githubJava,
                artifact: "sha256:caa015ef69e9bc31a41322d6c71563ed9600c75bb988e4d639b1edc578580551",
                san: "https://github.com/neverendingsupport/slsa-attestations/.github/workflows/attest.yml@9f6d9dc1bfc02986955721eb15f89ad618f1cedb",
                issuer: githubActions, thresholds: oneTimestamp),
        Subject(name: "managed key, RFC 3161 only (sigstore-go public-key-validity)", path: "sigstore/sigstore-go/bundles/public-key-validity.sigstore.json",
                root: .publicKeyValidity, artifact: "sha256:" + Hex.encode(Digest.sha256(Data("test content".utf8))), san: "", issuer: "",
                thresholds: oneTimestamp, keyPath: "sigstore/sigstore-go/public-keys/public-key-validity.pem"),
    ]

    /// A binary field: where it is, what it is, and the checks a flip in it must fail (by its role).
    struct Field {
        let label: String
        let path: [ByteFlipTests.Step]
        let expected: Set<String>
        /// Whether the field is itself structured (DER or JSON), so a flip may make the bundle unparsable.
        let structured: Bool
    }

    /// The bundle members that hold base64 bytes, by key, with the checks a flip must fail.
    static let roles: [String: (expected: Set<String>, structured: Bool)] = [
        // The certificate must decode (bundle.material), is logged (body), chained, and its key verifies the signature.
        "rawBytes": ([CheckID.bundleMaterial, CheckID.certificateChain, CheckID.tlogBody, CheckID.signatureArtifact, CheckID.signatureDSSE, CheckID.certificateSCT, CheckID.identity], true),
        // messageSignature.signature: the signature over the artifact; logged in the body.
        "signature": ([CheckID.signatureArtifact, CheckID.tlogBody], false),
        // messageSignature.messageDigest.digest: must be the artifact's digest; logged in the body.
        "digest": ([CheckID.signatureArtifact, CheckID.tlogBody], false),
        // dsseEnvelope.signatures[].sig: over the PAE; logged in the body.
        "sig": ([CheckID.signatureDSSE, CheckID.tlogBody], false),
        // dsseEnvelope.payload: signed (PAE), logged (payload hash), and its statement names the subject.
        "payload": ([CheckID.signatureDSSE, CheckID.tlogBody, CheckID.signatureSubject], false),
        // tlogEntries[].logId.keyId: selects the log key; an unknown log proves nothing.
        "keyId": ([CheckID.tlogLog, CheckID.tlogThreshold], false),
        // inclusionPromise.signedEntryTimestamp: the log's signature over the entry.
        "signedEntryTimestamp": ([CheckID.tlogPromise], false),
        // inclusionProof.rootHash: must be the checkpoint's root and the proof's result.
        "rootHash": ([CheckID.tlogInclusion, CheckID.tlogCheckpoint], false),
        // inclusionProof.hashes[]: the audit path.
        "hashes": ([CheckID.tlogInclusion], false),
        // canonicalizedBody: hashed into the leaf (proof), signed by the SET, compared to the bundle.
        "canonicalizedBody": ([CheckID.tlogBody, CheckID.tlogPromise, CheckID.tlogInclusion], true),
        // rfc3161Timestamps[].signedTimestamp: the TSA's signed token over the signature.
        "signedTimestamp": ([CheckID.timestampRFC3161, CheckID.timestampThreshold, CheckID.timeSources], true),
    ]

    /// Every base64 field of the bundle, found by walking it.
    static func fields(_ json: Any, at path: [ByteFlipTests.Step] = [], key: String? = nil) -> [Field] {
        switch json {
        case let object as [String: Any]:
            return object.keys.sorted().flatMap { fields(object[$0]!, at: path + [.key($0)], key: $0) }
        case let array as [Any]:
            return array.indices.flatMap { fields(array[$0], at: path + [.index($0)], key: key) }
        case is String:
            guard let key, let role = roles[key] else { return [] }
            return [Field(label: label(path), path: path, expected: role.expected, structured: role.structured)]
        default:
            return []
        }
    }

    static func label(_ path: [ByteFlipTests.Step]) -> String {
        path.map { step -> String in
            switch step {
            case .key(let k): ".\(k)"
            case .index(let i): "[\(i)]"
            }
        }.joined().dropFirst().description
    }

    /// First, middle and last byte, and every `n/16`-th byte; the flipped bit varies with the position.
    static func positions(_ count: Int) -> [Int] {
        guard count > 0 else { return [] }
        let stride = max(1, count / 16)
        return Array(Set([0, count / 2, count - 1] + Swift.stride(from: 0, to: count, by: stride))).sorted()
    }

    enum Outcome: Equatable {
        case unparsable
        case failed(Set<String>)
        case verified
    }

    func verify(_ subject: Subject, _ json: Any, _ verifier: SigstoreVerifier) throws -> Outcome {
        let data = try JSONSerialization.data(withJSONObject: json)
        guard let bundle = try? SigstoreBundle.parse(data) else { return .unparsable }
        let signer = try subject.keyPath.map { SignerRequirement.key(ManagedKey(publicKey: try PublicKey(pemData: Corpus.data($0)))) }
            ?? identity(subject.san, subject.issuer)
        let policy = VerificationPolicy(signer: signer, thresholds: subject.thresholds)
        let result = verifier.verify(bundle, artifact: digest(subject.artifact), policy: policy, at: verificationInstant)
        return result.verified ? .verified : .failed(Set(result.checks.filter { $0.status == .failed }.map(\.id)))
    }

    @Test("no flipped bit verifies, and each fails for its field's reason", .enabled(if: Corpus.isAvailable, "corpus absent"), arguments: subjects)
    func flips(_ subject: Subject) throws {
        let original = try JSONSerialization.jsonObject(with: Corpus.data(subject.path))
        let verifier = SigstoreVerifier(trust: try subject.root.material())
        #expect(try verify(subject, original, verifier) == .verified, "baseline must verify")
        let fields = Self.fields(original)
        var mutants = 0
        var unparsable = 0
        var unsignedSurvivors: [String] = []
        for field in fields {
            let text = try #require(ByteFlipTests.get(original, field.path) as? String)
            let bytes = try #require(Data(base64Encoded: text), "\(field.label) is base64")
            // Flips in an RFC 3161 response's unsigned parts cannot change the outcome by specification.
            let unsigned = field.path.last.map { if case .key("signedTimestamp") = $0 { true } else { false } } == true
                ? TimestampUnsignedRegions.regions(bytes) : []
            if !unsigned.isEmpty { #expect(unsigned.contains { $0.reason.hasPrefix("SignerInfo.signatureAlgorithm") }, "\(field.label): no SignerInfo found") }
            for i in Self.positions(bytes.count) {
                var mutated = bytes
                mutated[i] ^= UInt8(1) << UInt8((i * 3 + 1) % 8)
                let outcome = try verify(subject, ByteFlipTests.set(original, field.path, mutated.base64EncodedString()), verifier)
                mutants += 1
                switch outcome {
                case .verified:
                    if let region = unsigned.first(where: { $0.range.contains(i) }) {
                        unsignedSurvivors.append("\(field.label) byte \(i): \(region.reason)")
                    } else {
                        Issue.record("\(subject.name): flipping byte \(i) of \(field.label) still verified")
                    }
                case .unparsable:
                    unparsable += 1
                    #expect(field.structured, "\(subject.name): flipping byte \(i) of \(field.label) made the bundle unparsable")
                case .failed(let ids):
                    #expect(!ids.isDisjoint(with: field.expected),
                            "\(subject.name): flipping byte \(i) of \(field.label) failed \(ids.sorted()), none of \(field.expected.sorted())")
                }
            }
        }
        mutants += try checkpointFlips(subject, original, verifier)
        #expect(fields.count >= 3 && mutants >= 50, "\(fields.map(\.label))")
        // Only DER/JSON fields may make a bundle unparsable; these corpus flips all fail as checks instead.
        #expect(unparsable == 0, "\(subject.name): \(unparsable) mutants did not parse")
        // Only a few sampled bytes fall in unsigned parts; that they verify is what the specification says.
        #expect(unsignedSurvivors.count <= 2, "\(subject.name): \(unsignedSurvivors)")
    }

    /// Where a flip cannot change the outcome by specification, said explicitly. Inside an RFC 3161
    /// response: the PKIStatusInfo, SignedData.version, digestAlgorithms, certificates and crls,
    /// SignerInfo.version, signatureAlgorithm and unsignedAttrs (`TimestampUnsignedRegions`, with the
    /// reasons); a flip there that still verifies is accepted, every other byte of the token must fail.
    /// Not binary, so not
    /// mutated above: `dsseEnvelope.signatures[].keyid` and `publicKey.hint` (unauthenticated hints; a
    /// signature is matched by verifying it), `mediaType`, `kindVersion`, `logIndex` (checked as
    /// numbers and against the body), `integratedTime` (covered by the SET). Binary but not deciding: an
    /// RFC 3161 token when no timestamp is required, since D4 skips a token no trusted TSA verifies as it
    /// skips an unknown TSA's, and the bundle's other proofs decide, as this test shows.
    @Test("a flipped RFC 3161 token is skipped, not trusted, when no timestamp is required (D4)", .enabled(if: Corpus.isAvailable, "corpus absent"))
    func flippedTokenIsSkippedWithoutThreshold() throws {
        var subject = Self.subjects[3]
        subject.thresholds = ThresholdOptions()
        let original = try JSONSerialization.jsonObject(with: Corpus.data(subject.path))
        let path: [ByteFlipTests.Step] = [.key("verificationMaterial"), .key("timestampVerificationData"), .key("rfc3161Timestamps"), .index(0), .key("signedTimestamp")]
        var token = try #require(Data(base64Encoded: ByteFlipTests.get(original, path) as? String ?? ""))
        token[token.count / 2] ^= 0x10
        let mutated = ByteFlipTests.set(original, path, token.base64EncodedString())
        let bundle = try SigstoreBundle.parse(try JSONSerialization.data(withJSONObject: mutated))
        let verifier = SigstoreVerifier(trust: try subject.root.material())
        let result = verifier.verify(bundle, artifact: digest(subject.artifact), policy: VerificationPolicy(signer: identity(subject.san, subject.issuer)),
                                     at: verificationInstant)
        #expect(result.verified, "\(result.checks.firstFailure?.message ?? "")")
        #expect(result.checks.contains { $0.id == CheckID.timestampRFC3161 && $0.status == .skipped && $0.message.contains("ignored") })
        #expect(!result.checks.contains { $0.id == CheckID.timestampRFC3161 && $0.status == .passed })
    }

    /// The checkpoint's note signature (base64 inside the note text; its first 4 bytes are the key hint).
    func checkpointFlips(_ subject: Subject, _ original: Any, _ verifier: SigstoreVerifier) throws -> Int {
        let path: [ByteFlipTests.Step] = [.key("verificationMaterial"), .key("tlogEntries"), .index(0), .key("inclusionProof"), .key("checkpoint"), .key("envelope")]
        guard let envelope = ByteFlipTests.get(original, path) as? String else { return 0 }
        let lines = envelope.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let signatureLine = try #require(lines.firstIndex { $0.hasPrefix("\u{2014} ") })
        let parts = lines[signatureLine].split(separator: " ").map(String.init)
        let signature = try #require(Data(base64Encoded: parts[2]))
        var count = 0
        for i in Self.positions(signature.count) {
            var mutated = signature
            mutated[i] ^= UInt8(1) << UInt8((i * 3 + 1) % 8)
            var newLines = lines
            newLines[signatureLine] = "\(parts[0]) \(parts[1]) \(mutated.base64EncodedString())"
            let outcome = try verify(subject, ByteFlipTests.set(original, path, newLines.joined(separator: "\n")), verifier)
            count += 1
            switch outcome {
            case .verified: Issue.record("\(subject.name): flipping checkpoint signature byte \(i) still verified")
            case .unparsable: Issue.record("\(subject.name): flipping checkpoint signature byte \(i) made the bundle unparsable")
            case .failed(let ids): #expect(ids.contains(CheckID.tlogCheckpoint), "\(subject.name): checkpoint signature byte \(i) failed \(ids.sorted())")
            }
        }
        return count
    }
}
