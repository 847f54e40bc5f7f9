import Foundation
import Testing
import AirlockTestKit

/// `verify-bundle` on what operators carry besides Sigstore bundles: cosign's legacy `sign-blob --bundle`
/// file, PyPI PEP 740 attestations and npm attestation documents, each converted and verified by the
/// normal verifier; a bare detached signature is refused with the reason.
@Suite("airlock verify-bundle on carried formats")
struct VerifyCarriedBundleCLITests {
    static let whl = "sigstore/sigstore-python/assets/bundle_v3_github.whl"
    static let whlSAN = "https://github.com/trailofbits/rfc8785.py/.github/workflows/release.yml@refs/tags/v0.1.2"
    static let actions = "https://token.actions.githubusercontent.com"

    struct Missing: Error { let what: String }

    func need<T>(_ value: T?, _ what: String = "value") throws -> T {
        guard let value else { throw Missing(what: what) }
        return value
    }

    func json(_ path: String) throws -> [String: Any] {
        try need(try JSONSerialization.jsonObject(with: Data(contentsOf: Corpus.url(path))) as? [String: Any])
    }

    func write(_ object: Any, _ scratch: ScratchDirectory, _ name: String) throws -> String {
        let file = scratch.url(name)
        try JSONSerialization.data(withJSONObject: object).write(to: file)
        return file.path
    }

    func verify(_ bundle: String, san: String, issuer: String = actions, artifact: String, json: Bool = false) throws -> CommandResult {
        try CLI.run(["verify-bundle", "--bundle", bundle, "--certificate-identity", san, "--certificate-oidc-issuer", issuer,
                     "--at", "2026-10-01T00:00:00Z"] + (json ? ["--output", "json"] : []) + [artifact])
    }

    /// The real PyPI wheel signature (v0.2, hashedrekord) re-expressed as `cosign sign-blob --bundle` writes it.
    func cosignBlobBundle(tamperSET: Bool = false, dropRekor: Bool = false) throws -> [String: Any] {
        let b = try json(Self.whl + ".sigstore")
        let vm = try need(b["verificationMaterial"] as? [String: Any])
        let der = try need(((vm["x509CertificateChain"] as? [String: Any])?["certificates"] as? [[String: Any]])?.first?["rawBytes"] as? String)
        let pem = "-----BEGIN CERTIFICATE-----\n\(der)\n-----END CERTIFICATE-----\n"
        let entry = try need((vm["tlogEntries"] as? [[String: Any]])?.first)
        let keyID = try need(Data(base64Encoded: try need((entry["logId"] as? [String: Any])?["keyId"] as? String)))
        var set = try need(Data(base64Encoded: try need((entry["inclusionPromise"] as? [String: Any])?["signedEntryTimestamp"] as? String)))
        if tamperSET { set[set.count - 3] ^= 0x01 }
        var out: [String: Any] = [
            "base64Signature": try need((b["messageSignature"] as? [String: Any])?["signature"] as? String),
            "cert": Data(pem.utf8).base64EncodedString(),
        ]
        if !dropRekor {
            out["rekorBundle"] = [
                "SignedEntryTimestamp": set.base64EncodedString(),
                "Payload": ["body": entry["canonicalizedBody"]!, "integratedTime": Int(entry["integratedTime"] as! String)!,
                            "logIndex": Int(entry["logIndex"] as! String)!, "logID": keyID.map { String(format: "%02x", $0) }.joined()],
            ]
        }
        return out
    }

    @Test("a cosign sign-blob --bundle file verifies via its SET", .enabled(if: Corpus.isAvailable, "corpus absent"))
    func cosignBlob() throws {
        let scratch = try ScratchDirectory("carried")
        defer { scratch.remove() }
        let file = try write(try cosignBlobBundle(), scratch, "whl.bundle")
        let result = try verify(file, san: Self.whlSAN, artifact: Corpus.url(Self.whl).path, json: true)
        #expect(result.status == 0, "\(result.stderr)")
        let object = try need(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["carrier"] as? String == "cosign-blob-bundle")
        let checks = try need((object["result"] as? [String: Any])?["checks"] as? [[String: Any]])
        #expect(checks.contains { $0["id"] as? String == "tlog.promise" && $0["status"] as? String == "passed" }, "\(checks)")
        let text = try verify(file, san: Self.whlSAN, artifact: Corpus.url(Self.whl).path)
        #expect(text.stdout.contains("carrier:    cosign-blob-bundle"), "\(text.stdout)")
    }

    @Test("a cosign blob bundle with a broken SET fails on the promise", .enabled(if: Corpus.isAvailable, "corpus absent"))
    func cosignBlobBrokenSET() throws {
        let scratch = try ScratchDirectory("carried")
        defer { scratch.remove() }
        let file = try write(try cosignBlobBundle(tamperSET: true), scratch, "whl.bundle")
        let result = try verify(file, san: Self.whlSAN, artifact: Corpus.url(Self.whl).path)
        #expect(result.status == 1)
        #expect(result.stderr.contains("signed entry timestamp does not verify with the log key"), "\(result.stderr)")
    }

    @Test("a cosign blob bundle for another artifact fails", .enabled(if: Corpus.isAvailable, "corpus absent"))
    func cosignBlobOtherArtifact() throws {
        let scratch = try ScratchDirectory("carried")
        defer { scratch.remove() }
        let file = try write(try cosignBlobBundle(), scratch, "whl.bundle")
        let result = try verify(file, san: Self.whlSAN, artifact: "sha256:" + String(repeating: "ab", count: 32))
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("FAILED tlog.body:") && result.stderr.contains("is not the artifact's digest"), "\(result.stderr)")
    }

    @Test("a signature with no log entry or timestamp is refused saying why", .enabled(if: Corpus.isAvailable, "corpus absent"))
    func noSigningTime() throws {
        let scratch = try ScratchDirectory("carried")
        defer { scratch.remove() }
        let blob = try write(try cosignBlobBundle(dropRekor: true), scratch, "nolog.bundle")
        let sig = scratch.url("artifact.sig")
        try Data(((try cosignBlobBundle())["base64Signature"] as! String).utf8).write(to: sig)
        for file in [blob, sig.path] {
            let result = try verify(file, san: Self.whlSAN, artifact: Corpus.url(Self.whl).path)
            #expect(result.status == 2, "\(result.stderr)")
            #expect(result.stderr.contains("cannot be verified offline: nothing proves when it was signed"), "\(result.stderr)")
        }
    }

    /// A real DSSE bundle (v0.3, inclusion proof) re-expressed as a PEP 740 attestation.
    func pep740(tamperSignature: Bool = false) throws -> [String: Any] {
        let b = try json("sigstore/sigstore-js/bundles/bundleV03-dsse.sigstore")
        let vm = try need(b["verificationMaterial"] as? [String: Any])
        let dsse = try need(b["dsseEnvelope"] as? [String: Any])
        var sig = try need(Data(base64Encoded: try need((dsse["signatures"] as? [[String: Any]])?.first?["sig"] as? String)))
        if tamperSignature { sig[10] ^= 0x01 }
        return ["version": 1,
                "verification_material": ["certificate": try need((vm["certificate"] as? [String: Any])?["rawBytes"]),
                                          "transparency_entries": try need(vm["tlogEntries"])],
                "envelope": ["statement": try need(dsse["payload"]), "signature": sig.base64EncodedString()]]
    }

    static let jsDigest = "sha512:7bea9f6e7ff37f5fab0b36bf061200fff03099fd2fd696b91d04bc5e4f225eb9fd6e0cadcad54ba980f43fb352a99e8810b4e0abeb5c0ef2cf9108cd1f258b36"

    @Test("a PEP 740 attestation and an Integrity API response verify", .enabled(if: Corpus.isAvailable, "corpus absent"))
    func pep740Attestation() throws {
        let scratch = try ScratchDirectory("carried")
        defer { scratch.remove() }
        let single = try write(try pep740(), scratch, "a.publish.attestation")
        let result = try verify(single, san: "brian@dehamer.com", issuer: "https://github.com/login/oauth", artifact: Self.jsDigest, json: true)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("\"carrier\":\"pep740\"") || result.stdout.contains("\"carrier\" : \"pep740\""), "\(result.stdout.prefix(300))")
        let response = ["version": 1, "attestation_bundles": [["publisher": ["kind": "GitHub"],
                                                             "attestations": [try pep740(tamperSignature: true), try pep740()]]]] as [String: Any]
        let both = try write(response, scratch, "provenance.json")
        let listed = try verify(both, san: "brian@dehamer.com", issuer: "https://github.com/login/oauth", artifact: Self.jsDigest, json: true)
        #expect(listed.status == 0, "\(listed.stderr)")
        let object = try need(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [String: Any])
        let lines = try need(object["lines"] as? [[String: Any]])
        #expect(lines.map { $0["verified"] as? Bool } == [false, true])
        #expect(lines.map { $0["label"] as? String } == ["attestation 1", "attestation 2"])
    }

    @Test("a PEP 740 attestation with a bad signature or version fails with the reason", .enabled(if: Corpus.isAvailable, "corpus absent"))
    func pep740Bad() throws {
        let scratch = try ScratchDirectory("carried")
        defer { scratch.remove() }
        let bad = try write(try pep740(tamperSignature: true), scratch, "bad.attestation")
        let result = try verify(bad, san: "brian@dehamer.com", issuer: "https://github.com/login/oauth", artifact: Self.jsDigest)
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("FAILED") && result.stderr.contains("signature"), "\(result.stderr)")
        var v2 = try pep740()
        v2["version"] = 2
        let unsupported = try verify(try write(v2, scratch, "v2.attestation"), san: "brian@dehamer.com",
                                     issuer: "https://github.com/login/oauth", artifact: Self.jsDigest)
        #expect(unsupported.status == 2)
        #expect(unsupported.stderr.contains("PEP 740 attestation version 2 is not supported"), "\(unsupported.stderr)")
    }

    static let npm = "slsa/slsa-verifier/testdata/npm/gha/gundam-visor-cli-v1-tag"
    static let npmSAN = "https://github.com/ramonpetgrave64/gundam-visor/.github/workflows/npm-publish.yml@refs/tags/v1.0.1"

    @Test("an npm attestations document: the provenance satisfies the identity; each result listed", .enabled(if: Corpus.isAvailable, "corpus absent"))
    func npmAttestations() throws {
        let result = try verify(Corpus.url(Self.npm + ".tgz.json").path, san: Self.npmSAN, artifact: Corpus.url(Self.npm + ".tgz").path, json: true)
        #expect(result.status == 0, "\(result.stderr)")
        let object = try need(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["carrier"] as? String == "npm-attestations")
        let lines = try need(object["lines"] as? [[String: Any]])
        #expect(lines.map { $0["label"] as? String } == ["https://github.com/npm/attestation/tree/main/specs/publish/v0.1", "https://slsa.dev/provenance/v1"])
        #expect(lines.map { $0["verified"] as? Bool } == [false, true])
    }

    @Test("npm: a corrupted provenance signature or another identity fails naming the check", .enabled(if: Corpus.isAvailable, "corpus absent"))
    func npmFails() throws {
        let broken = try verify(Corpus.url(Self.npm + "-invalidsigprov.tgz.json").path, san: Self.npmSAN,
                                artifact: Corpus.url(Self.npm + "-invalidsigprov.tgz").path)
        #expect(broken.status == 1)
        #expect(broken.stderr.hasPrefix("FAILED (none of 2 bundles verified; bundle 1)"), "\(broken.stderr)")
        let other = try verify(Corpus.url(Self.npm + ".tgz.json").path, san: "https://github.com/evil/repo/.github/workflows/x.yml@refs/tags/v1",
                               artifact: Corpus.url(Self.npm + ".tgz").path)
        #expect(other.status == 1)
        #expect(other.stderr.hasPrefix("FAILED (none of 2 bundles verified; bundle 1)"), "\(other.stderr)")
    }
}
