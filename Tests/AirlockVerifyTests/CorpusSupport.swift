import Foundation
import AirlockCrypto
import AirlockFormats
import AirlockTestKit
@testable import AirlockVerify

/// The trust roots of the corpus legend (SOURCES.md), by tag.
enum CorpusRoot: String, Sendable {
    case publicGood = "tuf/sigstore-root-signing/targets/trusted_root.json"
    case publicGoodGo = "sigstore/sigstore-go/trusted-roots/public-good.json"
    case staging = "sigstore/sigstore-python/embedded-trust/tuf-repo-cdn.sigstage.dev/trusted_root.json"
    case github = "sigstore/kyverno/github-trusted-root.json"
    case scaffolding = "sigstore/sigstore-go/trusted-roots/scaffolding.json"
    case cosignPGI = "sigstore/cosign/trusted_root_pgi.json"
    case publicKeyValidity = "sigstore/sigstore-go/trusted-roots/public-key-validity.json"
    /// Line 2 of sigstore-java's github-private-no-tlog `trusted_root.jsonl` (GitHub, with the 2026 TSA).
    case githubJava = "sigstore/sigstore-java/samples/bundles/github-private-no-tlog/trusted_root.jsonl"
    /// The staging root with sigstore-python's local test TSA (`tsa/ca.json`) as its only TSA, as
    /// sigstore-python's TSA tests configure it.
    case pythonTSA = "sigstore/sigstore-python/assets/tsa/ca.json"

    /// The trust root JSON (unwrapping a ClientTrustConfig).
    func json() throws -> Data {
        let data = try Corpus.data(rawValue)
        if self == .githubJava { return try corpusBundle(rawValue, line: 1) }
        guard self == .pythonTSA else { return data }
        var staging = try JSONSerialization.jsonObject(with: Corpus.data(CorpusRoot.staging.rawValue)) as? [String: Any] ?? [:]
        staging["timestampAuthorities"] = [try JSONSerialization.jsonObject(with: data)]
        return try JSONSerialization.data(withJSONObject: staging)
    }

    /// Prepared trust material (cached per root).
    func material() throws -> TrustMaterial {
        try TrustMaterial(json: json())
    }
}

/// Reads line `index` of a JSON-lines corpus file, or the whole file.
func corpusBundle(_ path: String, line: Int? = nil) throws -> Data {
    let data = try Corpus.data(path)
    guard let line else { return data }
    let lines = data.split(separator: UInt8(ascii: "\n"))
    return Data(lines[line])
}

/// An identity policy with exact SAN and issuer.
func identity(_ san: String, _ issuer: String, extensions: [String: String] = [:]) -> SignerRequirement {
    .certificate([CertificateIdentity(subjectAlternativeName: .exact(san), issuer: .exact(issuer), extensions: extensions)])
}

/// An artifact given as `algorithm:hex`.
func digest(_ text: String) -> ArtifactInput {
    let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
    return .digest(DigestAlgorithm(rawValue: parts[0])!, Hex.decode(parts[1])!)
}

/// An artifact given as a corpus file.
func artifactFile(_ path: String) throws -> ArtifactInput {
    .bytes(try Corpus.data(path))
}

let githubActions = "https://token.actions.githubusercontent.com"
let githubOAuth = "https://github.com/login/oauth"
let google = "https://accounts.google.com"
let sigstoreJSRelease = "https://github.com/sigstore/sigstore-js/.github/workflows/release.yml@refs/heads/main"
let conformanceSA = "untrusted-sa@sigstore-conformance.iam.gserviceaccount.com"
let javaArtifact = "sha256:a0cfc71271d6e278e57cd332ff957c3f7043fdda354c4cbb190a30d56efa01bf"
let verificationInstant = Date(timeIntervalSince1970: 1_790_000_000)
