import Foundation
import Testing
import AirlockCrypto
import AirlockFormats
import AirlockTestKit
@testable import AirlockVerify

/// Every corpus Sigstore bundle whose expected result SOURCES.md states, verified offline with the
/// trust root, identity and artifact named there. Failing cases assert the check that fails and why.
@Suite("Corpus Sigstore bundles (SOURCES.md expected results)")
struct CorpusBundleTests {
    enum Expect: Sendable {
        case pass
        case fail(check: String, reason: String)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let bundle: String
        var line: Int? = nil
        let root: CorpusRoot
        let artifact: @Sendable () throws -> ArtifactInput
        let signer: @Sendable () throws -> SignerRequirement
        var thresholds = ThresholdOptions()
        let expect: Expect
        var testDescription: String { name }
    }

    static let sg = "sigstore/sigstore-go/"
    static let gh = "sigstore/github-cli/attestation/"
    static let java = "sigstore/sigstore-java/samples/bundles/"
    static let py = "sigstore/sigstore-python/assets/"
    static let js = "sigstore/sigstore-js/bundles/"
    static let jsDigest = "sha512:7bea9f6e7ff37f5fab0b36bf061200fff03099fd2fd696b91d04bc5e4f225eb9fd6e0cadcad54ba980f43fb352a99e8810b4e0abeb5c0ef2cf9108cd1f258b36"
    static let sjs200 = "sha512:46d4e2f74c4877316640000a6fdf8a8b59f1e0847667973e9859f774dd31b8f1e0937813b777fb66a2ac67d50540fe34640966eee9fc2ccca387082b4c85cd3c"
    static let sjs130 = "sha512:76176ffa33808b54602c7c35de5c6e9a4deb96066dba6533f50ac234f4f1f4c6b3527515dc17c06fbe2860030f410eee69ea20079bd3a2c6f3dcf3b329b10751"
    static let sjs210 = "sha512:90f223f992e4c88dd068cd2a5fc57f9d2b30798343dd6e38f29c240e04ba090ef831f84490847c4e82b9232c78e8a258463b1e55c0f7469f730265008fa6633f"
    static let sjs220 = "sha512:7dc53d7251f012cb36fccff5d4514cf09c1ce0f8c181b857a0db24a0ae60ba82b4a8640149e51b419449f81d9f0c522f8727f482a09a3eb7a5f66b336e1031ba"
    static let brian = "brian@dehamer.com"

    static let cases: [Case] = {
        var cases: [Case] = [
            // sigstore-go
            Case(name: "sigstore.js@2.0.0 provenance", bundle: sg + "bundles/sigstore.js@2.0.0-provenance.sigstore.json", root: .publicGood,
                 artifact: { digest(sjs200) }, signer: { identity(sigstoreJSRelease, githubActions) }, expect: .pass),
            Case(name: "sigstore.js@2.0.0 with altered digest", bundle: sg + "bundles/sigstore.js@2.0.0-provenance.sigstore.json", root: .publicGood,
                 artifact: { digest("sha512:56d4e2f74c4877316640000a6fdf8a8b59f1e0847667973e9859f774dd31b8f1e0937813b777fb66a2ac67d50540fe34640966eee9fc2ccca387082b4c85cd3c") },
                 signer: { identity(sigstoreJSRelease, githubActions) }, expect: .fail(check: "signature.subject", reason: "does not match any subject")),
            Case(name: "sigstore.js@2.0.0 with SAN BadSANValue", bundle: sg + "bundles/sigstore.js@2.0.0-provenance.sigstore.json", root: .publicGood,
                 artifact: { digest(sjs200) }, signer: { identity("BadSANValue", githubActions) }, expect: .fail(check: "identity", reason: "does not match")),
            Case(name: "sigstore.js@2.0.0 with tlog threshold 2", bundle: sg + "bundles/sigstore.js@2.0.0-provenance.sigstore.json", root: .publicGood,
                 artifact: { digest(sjs200) }, signer: { identity(sigstoreJSRelease, githubActions) },
                 thresholds: ThresholdOptions(transparencyLogs: 2), expect: .fail(check: "tlog.threshold", reason: "1 of 2")),
            Case(name: "sigstore.js@2.0.0 with a TSA required", bundle: sg + "bundles/sigstore.js@2.0.0-provenance.sigstore.json", root: .publicGood,
                 artifact: { digest(sjs200) }, signer: { identity(sigstoreJSRelease, githubActions) },
                 thresholds: ThresholdOptions(timestamps: 1), expect: .fail(check: "timestamp.threshold", reason: "0 of 1")),
            Case(name: "sigstore.js@2.0.0 against the public-good root without the SCT log window", bundle: sg + "bundles/sigstore.js@2.0.0-provenance.sigstore.json", root: .publicGoodGo,
                 artifact: { digest(sjs200) }, signer: { identity(sigstoreJSRelease, githubActions) }, expect: .pass),
            Case(name: "dsse-2sigs", bundle: sg + "bundles/dsse-2sigs.sigstore.json", root: .publicGood,
                 artifact: { digest("sha512:bbfd372fc9beeb777fe35d05bb10c0c70a9733d366a75fed7dd18866c7391de3ee7e88ba74dd47abf3e15c845e547fcf0e5c3da80854c751554224d3a6d4e55f") },
                 signer: { identity(brian, githubOAuth) }, expect: .fail(check: "bundle.material", reason: "exactly one")),
            Case(name: "othername SAN", bundle: sg + "bundles/othername.sigstore.json", root: .scaffolding,
                 artifact: { digest("sha256:bc103b4a84971ef6459b294a2b98568a2bfb72cded09d4acd1e16366a401f95b") },
                 signer: { identity("foo!oidc.local", "http://oidc.local:8080") }, expect: .pass),
            Case(name: "othername SAN expected as an email", bundle: sg + "bundles/othername.sigstore.json", root: .scaffolding,
                 artifact: { digest("sha256:bc103b4a84971ef6459b294a2b98568a2bfb72cded09d4acd1e16366a401f95b") },
                 signer: { identity("foo@oidc.local", "http://oidc.local:8080") }, expect: .fail(check: "identity", reason: "\"foo!oidc.local\" does not match")),
            Case(name: "npm publish attestation (managed key)", bundle: sg + "examples/bundle-publish.json", root: .publicGood,
                 artifact: { digest(sjs130) },
                 signer: { .key(ManagedKey(publicKey: try PublicKey(pemData: Corpus.data(sg + "examples/publish_key.pub")))) }, expect: .pass),
            Case(name: "npm provenance v0.2 (full chain)", bundle: sg + "examples/bundle-provenance.json", root: .publicGood,
                 artifact: { digest(sjs130) }, signer: { identity(sigstoreJSRelease, githubActions) }, expect: .pass),
            Case(name: "public-key-validity (key, TSA only)", bundle: sg + "bundles/public-key-validity.sigstore.json", root: .publicKeyValidity,
                 artifact: { .bytes(Data("test content".utf8)) },
                 signer: { .key(ManagedKey(publicKey: try PublicKey(pemData: Corpus.data(sg + "public-keys/public-key-validity.pem")))) }, expect: .pass),
            Case(name: "public-key-validity with the key valid only in [0, 1]", bundle: sg + "bundles/public-key-validity.sigstore.json", root: .publicKeyValidity,
                 artifact: { .bytes(Data("test content".utf8)) },
                 signer: { .key(ManagedKey(publicKey: try PublicKey(pemData: Corpus.data(sg + "public-keys/public-key-validity.pem")),
                                           validFor: TimeRange(start: Date(timeIntervalSince1970: 0), end: Date(timeIntervalSince1970: 1)))) },
                 expect: .fail(check: "key.validity", reason: "outside of the public key's validity window")),
            // GitHub CLI
            Case(name: "GitHub private instance attestation", bundle: gh + "github_provenance_demo-0.0.12-py3-none-any-bundle.jsonl", line: 0, root: .github,
                 artifact: { try artifactFile(gh + "github_provenance_demo-0.0.12-py3-none-any.whl") },
                 signer: { identity("https://github.com/actions/attest-demo/.github/workflows/build-python.yml@refs/heads/main", githubActions) }, expect: .pass),
            Case(name: "GitHub private instance attestation against public good", bundle: gh + "github_provenance_demo-0.0.12-py3-none-any-bundle.jsonl", line: 0, root: .publicGood,
                 artifact: { try artifactFile(gh + "github_provenance_demo-0.0.12-py3-none-any.whl") },
                 signer: { identity("https://github.com/actions/attest-demo/.github/workflows/build-python.yml@refs/heads/main", githubActions) },
                 expect: .fail(check: "tlog.threshold", reason: "0 of 1")),
            Case(name: "GitHub immutable release attestation (no issuer extension)", bundle: "sigstore/github-cli/attestation-index/github_release_bundle.json", root: .github,
                 artifact: { digest("sha256:e15b593c6ab8d7725a3cc82226ef816cac6bf9c70eed383bd459295cc65f5ec3") },
                 signer: { .certificate([CertificateIdentity(subjectAlternativeName: .exact("https://dotcom.releases.github.com"), issuer: .exact(""))]) }, expect: .pass),
            Case(name: "sigstore-js 2.1.0 (v0.3)", bundle: gh + "sigstore-js-2.1.0-bundle.json", root: .publicGood, artifact: { digest(sjs210) },
                 signer: { .certificate([CertificateIdentity(subjectAlternativeName: try .regex("^https://github.com/sigstore/"), issuer: .exact(githubActions),
                                                             extensions: ["1.3.6.1.4.1.57264.1.12": "https://github.com/sigstore/sigstore-js"])]) }, expect: .pass),
            Case(name: "sigstore-js 2.1.0 with repository sigstore/fakerepo", bundle: gh + "sigstore-js-2.1.0-bundle.json", root: .publicGood, artifact: { digest(sjs210) },
                 signer: { .certificate([CertificateIdentity(subjectAlternativeName: try .regex("^https://github.com/sigstore/"), issuer: .exact(githubActions),
                                                             extensions: ["1.3.6.1.4.1.57264.1.12": "https://github.com/sigstore/fakerepo"])]) },
                 expect: .fail(check: "identity", reason: "extension 1.3.6.1.4.1.57264.1.12")),
            Case(name: "sigstore-js 2.1.0 with owner fakeowner", bundle: gh + "sigstore-js-2.1.0-bundle.json", root: .publicGood, artifact: { digest(sjs210) },
                 signer: { .certificate([CertificateIdentity(subjectAlternativeName: try .regex("^https://github.com/sigstore/"), issuer: .exact(githubActions),
                                                             extensions: ["1.3.6.1.4.1.57264.1.16": "https://github.com/fakeowner"])]) },
                 expect: .fail(check: "identity", reason: "extension 1.3.6.1.4.1.57264.1.16")),
            Case(name: "sigstore-js 2.1.0 (v0.1)", bundle: gh + "sigstore-js-2.1.0-bundle-v0.1.json", root: .publicGood, artifact: { digest(sjs210) },
                 signer: { identity(sigstoreJSRelease, githubActions) }, expect: .pass),
            Case(name: "sigstore-js 2.2.0 (v0.2)", bundle: gh + "sigstore.js-2.2.0.bundle.json", root: .publicGood, artifact: { digest(sjs220) },
                 signer: { identity(sigstoreJSRelease, githubActions) }, expect: .pass),
            Case(name: "sigstore-js 2.2.0 re-encoded as v0.3", bundle: gh + "sigstore.js-3.0.0.bundle.json", root: .publicGood, artifact: { digest(sjs220) },
                 signer: { identity(sigstoreJSRelease, githubActions) }, expect: .pass),
            Case(name: "custom OIDC issuer", bundle: gh + "custom-issuer.sigstore.json", root: .publicGood, artifact: { try artifactFile(gh + "custom-issuer-artifact") },
                 signer: { identity("https://github.com/too-legit/attest/.github/workflows/integration.yml@refs/heads/main", githubActions + "/hammer-time") }, expect: .pass),
            Case(name: "custom OIDC issuer expected as plain GitHub", bundle: gh + "custom-issuer.sigstore.json", root: .publicGood, artifact: { try artifactFile(gh + "custom-issuer-artifact") },
                 signer: { identity("https://github.com/too-legit/attest/.github/workflows/integration.yml@refs/heads/main", githubActions) },
                 expect: .fail(check: "identity", reason: "issuer \"https://token.actions.githubusercontent.com/hammer-time\" does not match")),
            Case(name: "reusable workflow", bundle: gh + "reusable-workflow-attestation.sigstore.json", root: .publicGood, artifact: { try artifactFile(gh + "reusable-workflow-artifact") },
                 signer: { identity("https://github.com/github/artifact-attestations-workflows/.github/workflows/attest.yml@09b495c3f12c7881b3cc17209a327792065c1a1d", githubActions) }, expect: .pass),
            Case(name: "reusable workflow with another signer workflow", bundle: gh + "reusable-workflow-attestation.sigstore.json", root: .publicGood, artifact: { try artifactFile(gh + "reusable-workflow-artifact") },
                 signer: { .certificate([CertificateIdentity(subjectAlternativeName: try .regex("^https://github.com/foo/bar/.github/workflows/attest.yml"), issuer: .exact(githubActions))]) },
                 expect: .fail(check: "identity", reason: "does not match")),
            Case(name: "tampered DSSE signature", bundle: gh + "sigstoreBundle-invalid-signature.json", root: .publicGood, artifact: { digest(javaArtifact) },
                 signer: { identity(brian, githubOAuth) }, expect: .fail(check: "tlog.body", reason: "inconsistent with the bundle")),
            Case(name: "DSSE signature differs from the logged one", bundle: gh + "sigstoreBundle-invalid-mismatched-signatures.json", root: .publicGood, artifact: { digest(javaArtifact) },
                 signer: { identity(brian, githubOAuth) }, expect: .fail(check: "tlog.body", reason: "signature differs")),
            // sigstore-java
            Case(name: "java GitHub private repo, tlog and CT off by the root", bundle: java + "github-private-no-tlog/attestation.sigstore.json", root: .githubJava,
                 artifact: { digest("sha256:caa015ef69e9bc31a41322d6c71563ed9600c75bb988e4d639b1edc578580551") },
                 signer: { identity("https://github.com/neverendingsupport/slsa-attestations/.github/workflows/attest.yml@9f6d9dc1bfc02986955721eb15f89ad618f1cedb", githubActions) }, expect: .pass),
            Case(name: "java GitHub private repo, digest not a subject", bundle: java + "github-private-no-tlog/attestation.sigstore.json", root: .githubJava,
                 artifact: { digest(javaArtifact) },
                 signer: { identity("https://github.com/neverendingsupport/slsa-attestations/.github/workflows/attest.yml@9f6d9dc1bfc02986955721eb15f89ad618f1cedb", githubActions) },
                 expect: .fail(check: "signature.subject", reason: "does not match any subject")),
            Case(name: "java GitHub private repo with a transparency log required", bundle: java + "github-private-no-tlog/attestation.sigstore.json", root: .githubJava,
                 artifact: { digest("sha256:caa015ef69e9bc31a41322d6c71563ed9600c75bb988e4d639b1edc578580551") },
                 signer: { identity("https://github.com/neverendingsupport/slsa-attestations/.github/workflows/attest.yml@9f6d9dc1bfc02986955721eb15f89ad618f1cedb", githubActions) },
                 thresholds: ThresholdOptions(transparencyLogs: 1), expect: .fail(check: "tlog.threshold", reason: "0 of 1")),
            Case(name: "java wrong tlog entry", bundle: java + "bundle-with-wrong-tlog-entry.sigstore", root: .publicGood, artifact: { digest(javaArtifact) },
                 signer: { identity("appu@google.com", google) }, expect: .fail(check: "tlog.body", reason: "inconsistent with the bundle")),
            Case(name: "java Rekor v2 dsse/0.0.2 entry", bundle: java + "bundle.dsse.rekor-v2.bad-entry-type.sigstore", root: .staging, artifact: { digest(javaArtifact) },
                 signer: { identity("aaronlew@google.com", google) }, expect: .fail(check: "tlog.body", reason: "unsupported Rekor v2 entry type dsse:0.0.2")),
            Case(name: "java Rekor v2 DSSE (production)", bundle: java + "bundle.dsse.rekor-v2.sigstore", root: .publicGood, artifact: { digest(javaArtifact) },
                 signer: { identity(conformanceSA, google) }, expect: .pass),
            Case(name: "java Rekor v2 DSSE for another digest", bundle: java + "bundle.dsse.rekor-v2.sigstore", root: .publicGood,
                 artifact: { digest("sha256:0000000000000000000000000000000000000000000000000000000000000000") },
                 signer: { identity(conformanceSA, google) }, expect: .fail(check: "signature.subject", reason: "does not match any subject")),
            Case(name: "java Rekor v2 DSSE against the older public-good root", bundle: java + "bundle.dsse.rekor-v2.sigstore", root: .publicGoodGo, artifact: { digest(javaArtifact) },
                 signer: { identity(conformanceSA, google) }, expect: .fail(check: "tlog.threshold", reason: "0 of 1")),
            Case(name: "java Rekor v2 hashedrekord (staging)", bundle: java + "bundle-with-rekor-v2-entry.sigstore", root: .staging, artifact: { digest(javaArtifact) },
                 signer: { identity("aaronlew@google.com", google) }, expect: .pass),
            Case(name: "java Rekor v1 + TSA (staging)", bundle: java + "bundle-with-timestamp.sigstore", root: .staging, artifact: { digest(javaArtifact) },
                 signer: { identity("aaronlew@google.com", google) }, expect: .pass),
            Case(name: "java v0.3 with a certificate chain and no message digest", bundle: java + "bundle-no-digest.sigstore", root: .publicGood, artifact: { digest(javaArtifact) },
                 signer: { identity("appu@google.com", google) }, expect: .pass),
            Case(name: "java v0.1 SET only (no inclusion proof)", bundle: java + "bundle.v1.no.inclusion.sigstore", root: .publicGood, artifact: { digest(javaArtifact) },
                 signer: { identity("appu@google.com", google) }, expect: .pass),
            Case(name: "java P-256 with a SHA-384 artifact digest", bundle: java + "PKIX_ECDSA_P256_SHA_256.sigstore.json", root: .publicGood,
                 artifact: { digest("sha384:3e7f8fa6b7688559095d4a8ca4fe449dcab3f997d900ae01c54ea57737d5e63a8ef3457385947cf199533e665cfea37b") },
                 signer: { identity(conformanceSA, google) }, expect: .fail(check: "tlog.body", reason: "the artifact digest is not sha256")),
            Case(name: "java P-384", bundle: java + "PKIX_ECDSA_P384_SHA_384.sigstore.json", root: .publicGood,
                 artifact: { digest("sha384:3e7f8fa6b7688559095d4a8ca4fe449dcab3f997d900ae01c54ea57737d5e63a8ef3457385947cf199533e665cfea37b") },
                 signer: { identity(conformanceSA, google) }, expect: .pass),
            Case(name: "java P-521", bundle: java + "PKIX_ECDSA_P521_SHA_512.sigstore.json", root: .publicGood,
                 artifact: { digest("sha512:d2e21657046bff108efe3963c778ed2a8033867988fc24d9f1a2fa9e9648fe1987c0f9c5cc67396eab3ee73654ccdbfdfecffaba13390b90e317c003878747fa") },
                 signer: { identity(conformanceSA, google) }, expect: .pass),
            // sigstore-python
            Case(name: "python v0.1 staging bundle", bundle: py + "bundle.txt.sigstore", root: .staging, artifact: { try artifactFile(py + "bundle.txt") },
                 signer: { identity("a@tny.town", githubOAuth) }, expect: .pass),
            Case(name: "python v0.1 with identity bad@ident.example.com", bundle: py + "bundle.txt.sigstore", root: .staging, artifact: { try artifactFile(py + "bundle.txt") },
                 signer: { identity("bad@ident.example.com", githubOAuth) }, expect: .fail(check: "identity", reason: "SAN \"a@tny.town\" does not match")),
            Case(name: "python v0.3", bundle: py + "bundle_v3.txt.sigstore", root: .staging, artifact: { try artifactFile(py + "bundle_v3.txt") },
                 signer: { identity("william@yossarian.net", githubOAuth) }, expect: .pass),
            Case(name: "python v0.3 (integration copy)", bundle: py + "integration/bundle_v3.txt.sigstore", root: .staging, artifact: { try artifactFile(py + "integration/bundle_v3.txt") },
                 signer: { identity("william@yossarian.net", githubOAuth) }, expect: .pass),
            Case(name: "python v0.3 legacy media type", bundle: py + "bundle_v3_alt.txt.sigstore", root: .staging, artifact: { try artifactFile(py + "bundle_v3_alt.txt") },
                 signer: { identity("william@yossarian.net", githubOAuth) }, expect: .pass),
            Case(name: "python CVE-2022-36056", bundle: py + "bundle_cve_2022_36056.txt.sigstore", root: .staging, artifact: { try artifactFile(py + "bundle_cve_2022_36056.txt") },
                 signer: { identity("william@yossarian.net", githubOAuth) }, expect: .fail(check: "tlog.body", reason: "inconsistent with the bundle")),
            Case(name: "python v0.2 without checkpoint", bundle: py + "bundle_no_checkpoint.txt.sigstore", root: .staging, artifact: { try artifactFile(py + "bundle_no_checkpoint.txt") },
                 signer: { identity("william@yossarian.net", githubOAuth) }, expect: .fail(check: "tlog.checkpoint", reason: "no checkpoint")),
            Case(name: "python no log entry", bundle: py + "bundle_no_log_entry.txt.sigstore", root: .staging, artifact: { try artifactFile(py + "bundle_no_log_entry.txt") },
                 signer: { identity("alex.cameron@trailofbits.com", google) }, expect: .fail(check: "tlog.threshold", reason: "0 of 1")),
            Case(name: "python no signed time", bundle: py + "bundle_v3_no_signed_time.txt.sigstore.json", root: .publicGood, artifact: { try artifactFile(py + "bundle_v3_no_signed_time.txt") },
                 signer: { identity("william@yossarian.net", githubOAuth) }, expect: .fail(check: "time.sources", reason: "not enough sources of verified time")),
            Case(name: "python PyPI release (rfc8785 0.1.2) with CI extensions", bundle: py + "bundle_v3_github.whl.sigstore", root: .publicGood,
                 artifact: { try artifactFile(py + "bundle_v3_github.whl") },
                 signer: { identity("https://github.com/trailofbits/rfc8785.py/.github/workflows/release.yml@refs/tags/v0.1.2", githubActions,
                                    extensions: ["1.3.6.1.4.1.57264.1.12": "https://github.com/trailofbits/rfc8785.py",
                                                 "1.3.6.1.4.1.57264.1.14": "refs/tags/v0.1.2",
                                                 "1.3.6.1.4.1.57264.1.20": "release",
                                                 "1.3.6.1.4.1.57264.1.11": "github-hosted",
                                                 "1.3.6.1.4.1.57264.1.22": "public",
                                                 "1.3.6.1.4.1.57264.1.15": "768213997",
                                                 "1.3.6.1.4.1.57264.1.17": "2314423",
                                                 "1.3.6.1.4.1.57264.1.21": "https://github.com/trailofbits/rfc8785.py/actions/runs/8351058501/attempts/1"]) },
                 expect: .pass),
            Case(name: "python staging Rekor v2", bundle: py + "staging-rekor-v2.txt.sigstore.json", root: .staging, artifact: { try artifactFile(py + "staging-rekor-v2.txt") },
                 signer: { identity("jku@goto.fi", githubOAuth) }, expect: .pass),
            Case(name: "python CPython 3.12.5 without checkpoint", bundle: py + "integration/Python-3.12.5.tgz.sigstore", root: .publicGood,
                 artifact: { digest("sha256:38dc4e2c261d49c661196066edbfb70fdb16be4a79cc8220c224dfeb5636d405") },
                 signer: { identity("thomas@python.org", google) }, expect: .fail(check: "tlog.checkpoint", reason: "no checkpoint")),
            // sigstore-python's time threshold counts every verified time (SET and TSA): our observerTimes.
            Case(name: "python TSA bundle, 2 verified times required", bundle: py + "tsa/bundle.txt.sigstore", root: .pythonTSA, artifact: { try artifactFile(py + "tsa/bundle.txt") },
                 signer: { identity("alexis.challande@trailofbits.com", google) }, thresholds: ThresholdOptions(observerTimes: 2), expect: .pass),
            Case(name: "python TSA bundle, 1 timestamp required", bundle: py + "tsa/bundle.txt.sigstore", root: .pythonTSA, artifact: { try artifactFile(py + "tsa/bundle.txt") },
                 signer: { identity("alexis.challande@trailofbits.com", google) }, thresholds: ThresholdOptions(timestamps: 1), expect: .pass),
            Case(name: "python TSA bundle, 3 verified times required", bundle: py + "tsa/bundle.txt.sigstore", root: .pythonTSA, artifact: { try artifactFile(py + "tsa/bundle.txt") },
                 signer: { identity("alexis.challande@trailofbits.com", google) }, thresholds: ThresholdOptions(observerTimes: 3),
                 expect: .fail(check: "time.sources", reason: "not enough sources of verified time: 2 of 3")),
            Case(name: "python TSA bundle with a timestamp required, against a root without its TSA", bundle: py + "tsa/bundle.txt.sigstore", root: .staging,
                 artifact: { try artifactFile(py + "tsa/bundle.txt") }, signer: { identity("alexis.challande@trailofbits.com", google) },
                 thresholds: ThresholdOptions(timestamps: 1), expect: .fail(check: "timestamp.threshold", reason: "0 of 1")),
            Case(name: "python duplicate timestamps", bundle: py + "tsa/bundle.duplicate.sigstore", root: .pythonTSA, artifact: { try artifactFile(py + "tsa/bundle.txt") },
                 signer: { identity("alexis.challande@trailofbits.com", google) }, expect: .fail(check: "timestamp.rfc3161", reason: "duplicate")),
            // Stricter than sigstore-python (like sigstore-go): the certificate must be valid at every verified time.
            Case(name: "python late timestamp, 2 times required", bundle: py + "tsa/bundle.txt.late_timestamp.sigstore", root: .staging, artifact: { try artifactFile(py + "tsa/bundle.txt") },
                 signer: { identity("insecure-cloudtop-shared-user@cloudtop-prod-us-east.iam.gserviceaccount.com", google) },
                 thresholds: ThresholdOptions(observerTimes: 2), expect: .fail(check: "certificate.chain", reason: "does not chain")),
            // sigstore-rs, cosign
            Case(name: "cosign v3 signature bundle (sigstore-rs)", bundle: "sigstore/sigstore-rs/bundle_v03.json", root: .publicGood,
                 artifact: { digest("sha256:c811d58de79c92f03214e63aa339484e488d694ae8a6283b5f3f17a9faf50172") },
                 signer: { identity("https://github.com/kubewarden/kubewarden-controller/.github/workflows/release.yml@refs/tags/v1.34.0", githubActions) }, expect: .pass),
            Case(name: "cosign OCI attestation", bundle: "sigstore/cosign/oci-attestation.sigstore.json", root: .cosignPGI,
                 artifact: { digest("sha256:732112270d7e59418a8c080b134b24cabd67d250d0d0147a97ed95ba5c280aa4") },
                 signer: { identity("cody@soyland.com", githubOAuth) }, expect: .pass),
            Case(name: "cosign OCI attestation with SAN regex 'wrong'", bundle: "sigstore/cosign/oci-attestation.sigstore.json", root: .cosignPGI,
                 artifact: { digest("sha256:732112270d7e59418a8c080b134b24cabd67d250d0d0147a97ed95ba5c280aa4") },
                 signer: { .certificate([CertificateIdentity(subjectAlternativeName: try .regex("wrong"), issuer: .exact(githubOAuth))]) },
                 expect: .fail(check: "identity", reason: "does not match /wrong/")),
            Case(name: "cosign OCI attestation for another image", bundle: "sigstore/cosign/oci-attestation.sigstore.json", root: .cosignPGI,
                 artifact: { digest("sha256:1111111111111111111111111111111111111111111111111111111111111111") },
                 signer: { identity("cody@soyland.com", githubOAuth) }, expect: .fail(check: "signature.subject", reason: "does not match any subject")),
        ]
        for file in ["bundle.sigstore", "bundle.v1.sigstore", "bundle.v2.sigstore", "bundle.v3.sigstore", "bundle.v3_1.sigstore"] {
            cases.append(Case(name: "java \(file)", bundle: java + file, root: .publicGood, artifact: { digest(javaArtifact) },
                              signer: { identity("appu@google.com", google) }, expect: .pass))
        }
        for file in ["bundle.v2.no.inclusion.sigstore", "bundle.v3.no.inclusion.sigstore", "bundle.v3_1.no.inclusion.sigstore"] {
            cases.append(Case(name: "java \(file)", bundle: java + file, root: .publicGood, artifact: { digest(javaArtifact) },
                              signer: { identity("appu@google.com", google) }, expect: .fail(check: "tlog.inclusion", reason: "needs an inclusion proof")))
        }
        for file in ["PKIX_ECDSA_P256_SHA_256", "PKIX_RSA_PKCS1V15_2048_SHA256", "PKIX_RSA_PKCS1V15_3072_SHA256", "PKIX_RSA_PKCS1V15_4096_SHA256"] {
            cases.append(Case(name: "java \(file)", bundle: java + file + ".sigstore.json", root: .publicGood, artifact: { digest(javaArtifact) },
                              signer: { identity(conformanceSA, google) }, expect: .pass))
        }
        for file in ["bundleV01-dsse-no-proof", "bundleV01-dsse-with-proof", "bundleV01-full-cert-chain", "bundleV01-intoto-no-proof",
                     "bundleV01-intoto-with-proof", "bundleV02-dsse", "bundleV02-intoto", "bundleV03-dsse", "bundleV03-intoto"] {
            cases.append(Case(name: "sigstore-js \(file)", bundle: js + file + ".sigstore", root: .publicGood, artifact: { digest(jsDigest) },
                              signer: { identity(brian, githubOAuth) }, expect: .pass))
        }
        return cases
    }()

    @Test("verifies or fails as SOURCES.md states", .enabled(if: Corpus.isAvailable, "corpus absent"), arguments: cases)
    func corpusCase(_ c: Case) throws {
        let bundle = try SigstoreBundle.parse(corpusBundle(c.bundle, line: c.line))
        let verifier = SigstoreVerifier(trust: try c.root.material())
        let policy = VerificationPolicy(signer: try c.signer(), thresholds: c.thresholds)
        let result = verifier.verify(bundle, artifact: try c.artifact(), policy: policy, at: verificationInstant)
        switch c.expect {
        case .pass:
            #expect(result.verified, "\(c.name): \(result.checks.firstFailure.map { "\($0.id): \($0.message)" } ?? "")")
        case .fail(let check, let reason):
            let failure = try #require(result.checks.firstFailure, "\(c.name) verified but must fail on \(check)")
            #expect(failure.id == check, "\(c.name): failed on \(failure.id): \(failure.message)")
            #expect(failure.message.contains(reason), "\(c.name): \(failure.message)")
        }
    }

    /// Bundles that must be rejected before verification starts, with the parse error's code.
    static let unparseable: [(String, FormatError.Code)] = [
        (py + "bundle_invalid_version.txt.sigstore", .unsupportedVersion),
        (py + "tsa/bundle.many_timestamp.sigstore", .limitExceeded),
        (py + "bundle_no_cert_v1.txt.sigstore", .missingField),
        (gh + "github_provenance_demo-0.0.12-py3-none-any-bundle-missing-verification-material.jsonl", .missingField),
        (gh + "github_provenance_demo-0.0.12-py3-none-any-bundle-missing-cert.jsonl", .missingField),
    ]

    @Test("malformed corpus bundles are rejected at load", .enabled(if: Corpus.isAvailable, "corpus absent"), arguments: unparseable)
    func rejectedAtLoad(_ path: String, _ code: FormatError.Code) throws {
        let error = #expect(throws: FormatError.self) { try SigstoreBundle.parse(corpusBundle(path)) }
        #expect(error?.code == code, "\(path): \(String(describing: error))")
    }
}
