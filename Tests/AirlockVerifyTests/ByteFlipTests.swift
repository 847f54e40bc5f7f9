import Foundation
import Testing
import AirlockCrypto
import AirlockFormats
import AirlockTestKit
@testable import AirlockVerify

/// Flip every byte of the signature, the SET, each inclusion-proof hash, the checkpoint signature
/// and the certificate of real, valid bundles: none may verify.
@Suite("Byte flips in real bundles never verify")
struct ByteFlipTests {
    struct Subject: Sendable, CustomTestStringConvertible {
        let name: String
        let path: String
        let root: CorpusRoot
        let artifact: String
        let san: String
        let issuer: String
        var testDescription: String { name }
    }

    static let subjects = [
        Subject(name: "Rekor v1 hashedrekord (v0.3)", path: "sigstore/sigstore-java/samples/bundles/bundle.v3.sigstore", root: .publicGood,
                artifact: javaArtifact, san: "appu@google.com", issuer: google),
        Subject(name: "Rekor v2 DSSE + TSA", path: "sigstore/sigstore-java/samples/bundles/bundle.dsse.rekor-v2.sigstore", root: .publicGood,
                artifact: javaArtifact, san: conformanceSA, issuer: google),
    ]

    /// A JSON field holding base64 bytes, located by a path of keys and array indices.
    enum Step { case key(String), index(Int) }

    static func get(_ json: Any, _ path: [Step]) -> Any? {
        var node: Any? = json
        for step in path {
            switch step {
            case .key(let k): node = (node as? [String: Any])?[k]
            case .index(let i): node = (node as? [Any]).flatMap { i < $0.count ? $0[i] : nil }
            }
        }
        return node
    }

    static func set(_ json: Any, _ path: [Step], _ value: Any) -> Any {
        guard let first = path.first else { return value }
        let rest = Array(path.dropFirst())
        switch first {
        case .key(let k):
            var object = json as? [String: Any] ?? [:]
            object[k] = set(object[k] as Any, rest, value)
            return object
        case .index(let i):
            var array = json as? [Any] ?? []
            array[i] = set(array[i], rest, value)
            return array
        }
    }

    /// The base64 fields to flip, by path.
    static func fields(_ json: Any) -> [(String, [Step])] {
        var fields: [(String, [Step])] = []
        let entry: [Step] = [.key("verificationMaterial"), .key("tlogEntries"), .index(0)]
        if get(json, [.key("messageSignature")]) != nil {
            fields.append(("signature", [.key("messageSignature"), .key("signature")]))
        } else {
            fields.append(("DSSE signature", [.key("dsseEnvelope"), .key("signatures"), .index(0), .key("sig")]))
        }
        if get(json, entry + [.key("inclusionPromise")]) != nil {
            fields.append(("SET", entry + [.key("inclusionPromise"), .key("signedEntryTimestamp")]))
        }
        let hashes = get(json, entry + [.key("inclusionProof"), .key("hashes")]) as? [Any] ?? []
        for i in hashes.indices {
            fields.append(("inclusion hash \(i)", entry + [.key("inclusionProof"), .key("hashes"), .index(i)]))
        }
        fields.append(("certificate", [.key("verificationMaterial"), .key("certificate"), .key("rawBytes")]))
        return fields
    }

    func verify(_ subject: Subject, _ json: Any, _ verifier: SigstoreVerifier) throws -> SigstoreVerificationResult? {
        let data = try JSONSerialization.data(withJSONObject: json)
        guard let bundle = try? SigstoreBundle.parse(data) else { return nil }
        let policy = VerificationPolicy(signer: identity(subject.san, subject.issuer))
        return verifier.verify(bundle, artifact: digest(subject.artifact), policy: policy, at: verificationInstant)
    }

    @Test("every flipped byte fails", .enabled(if: Corpus.isAvailable, "corpus absent"), arguments: subjects)
    func flips(_ subject: Subject) throws {
        let original = try JSONSerialization.jsonObject(with: Corpus.data(subject.path))
        let verifier = SigstoreVerifier(trust: try subject.root.material())
        let baseline = try #require(try verify(subject, original, verifier))
        #expect(baseline.verified, "baseline must verify: \(baseline.checks.firstFailure?.message ?? "")")
        var flipped = 0
        for (name, path) in Self.fields(original) {
            let bytes = try #require(Data(base64Encoded: Self.get(original, path) as? String ?? ""), "\(name) is base64")
            for i in bytes.indices {
                var mutated = bytes
                mutated[i] ^= 0x01
                let json = Self.set(original, path, mutated.base64EncodedString())
                if let result = try verify(subject, json, verifier) {
                    #expect(!result.verified, "\(subject.name): flipping byte \(i) of the \(name) still verified")
                }
                flipped += 1
            }
        }
        flipped += try checkpointFlips(subject, original, verifier)
        #expect(flipped > 500)
    }

    /// Flips every byte of the checkpoint's log signature (inside the signed note text).
    func checkpointFlips(_ subject: Subject, _ original: Any, _ verifier: SigstoreVerifier) throws -> Int {
        let path: [Step] = [.key("verificationMaterial"), .key("tlogEntries"), .index(0), .key("inclusionProof"), .key("checkpoint"), .key("envelope")]
        let envelope = try #require(Self.get(original, path) as? String)
        let lines = envelope.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let signatureLine = try #require(lines.firstIndex { $0.hasPrefix("\u{2014} ") })
        let parts = lines[signatureLine].split(separator: " ").map(String.init)
        let signature = try #require(Data(base64Encoded: parts[2]))
        for i in 4..<signature.count {
            var mutated = signature
            mutated[i] ^= 0x01
            var newLines = lines
            newLines[signatureLine] = "\(parts[0]) \(parts[1]) \(mutated.base64EncodedString())"
            let json = Self.set(original, path, newLines.joined(separator: "\n"))
            if let result = try verify(subject, json, verifier) {
                #expect(!result.verified, "\(subject.name): flipping checkpoint signature byte \(i) still verified")
                #expect(result.checks.firstFailure?.id == "tlog.checkpoint")
            }
        }
        return signature.count - 4
    }
}
