// airlock-bench: in-process throughput of Airlock's verifier on real corpus bundles (one core).
// Used by `tools/bench verify`; not shipped in the appliance. Usage: airlock-bench verify CORPUS_DIR [SECONDS]
import Foundation
import AirlockCrypto
import AirlockFormats
import AirlockVerify

struct BenchCase {
    let name: String
    let bundle: SigstoreBundle
    let verifier: SigstoreVerifier
    let artifact: ArtifactInput
    let policy: VerificationPolicy
}

func load(_ corpus: URL) throws -> [BenchCase] {
    func data(_ path: String) throws -> Data { try Data(contentsOf: corpus.appendingPathComponent(path)) }
    let publicGood = SigstoreVerifier(trust: try TrustMaterial(json: data("tuf/sigstore-root-signing/targets/trusted_root.json")))
    let staging = SigstoreVerifier(trust: try TrustMaterial(json: data("sigstore/sigstore-python/embedded-trust/tuf-repo-cdn.sigstage.dev/trusted_root.json")))
    func identity(_ san: String, _ issuer: String) -> VerificationPolicy {
        VerificationPolicy(signer: .certificate([CertificateIdentity(subjectAlternativeName: .exact(san), issuer: .exact(issuer))]))
    }
    let javaDigest = ArtifactInput.digest(.sha256, Hex.decode("a0cfc71271d6e278e57cd332ff957c3f7043fdda354c4cbb190a30d56efa01bf")!)
    return [
        BenchCase(name: "Rekor v1 hashedrekord, SET + proof (java bundle.v3)",
                  bundle: try SigstoreBundle.parse(data("sigstore/sigstore-java/samples/bundles/bundle.v3.sigstore")),
                  verifier: publicGood, artifact: javaDigest, policy: identity("appu@google.com", "https://accounts.google.com")),
        BenchCase(name: "Rekor v2 DSSE + RFC 3161 (java bundle.dsse.rekor-v2)",
                  bundle: try SigstoreBundle.parse(data("sigstore/sigstore-java/samples/bundles/bundle.dsse.rekor-v2.sigstore")),
                  verifier: publicGood, artifact: javaDigest,
                  policy: identity("untrusted-sa@sigstore-conformance.iam.gserviceaccount.com", "https://accounts.google.com")),
        BenchCase(name: "Rekor v1 + staging (python bundle_v3)",
                  bundle: try SigstoreBundle.parse(data("sigstore/sigstore-python/assets/bundle_v3.txt.sigstore")),
                  verifier: staging, artifact: .bytes(try data("sigstore/sigstore-python/assets/bundle_v3.txt")),
                  policy: identity("william@yossarian.net", "https://github.com/login/oauth")),
    ]
}

let arguments = CommandLine.arguments
if arguments.count >= 2, arguments[1] == "verdicts" {
    try verdictsBenchmark(images: arguments.count > 2 ? Int(arguments[2]) ?? 1000 : 1000)
    exit(0)
}
if arguments.count >= 4, arguments[1] == "audit-store" {
    try auditStore(state: URL(fileURLWithPath: arguments[2]), count: Int(arguments[3]) ?? 100_000)
    exit(0)
}
if arguments.count >= 5, arguments[1] == "audit-trace" {
    try auditTrace(state: URL(fileURLWithPath: arguments[2]), image: arguments[3], rounds: Int(arguments[4]) ?? 25)
    exit(0)
}
if arguments.count >= 5, arguments[1] == "audit-import" {
    try auditImport(state: URL(fileURLWithPath: arguments[2]), bundle: URL(fileURLWithPath: arguments[3]), policy: arguments[4])
    exit(0)
}
if arguments.count >= 3, arguments[1] == "micro" {
    try micro(corpus: URL(fileURLWithPath: arguments[2]))
    exit(0)
}
guard arguments.count >= 3, arguments[1] == "verify" else {
    FileHandle.standardError.write(Data("usage: airlock-bench verify CORPUS_DIR [SECONDS]\n".utf8))
    exit(2)
}
let seconds = arguments.count > 3 ? Double(arguments[3]) ?? 3 : 3
let cases = try load(URL(fileURLWithPath: arguments[2]))
let now = Date()
for c in cases {
    let first = c.verifier.verify(c.bundle, artifact: c.artifact, policy: c.policy, at: now)
    guard first.verified else {
        print("\(c.name): did not verify: \(first.checks.firstFailure?.message ?? "")")
        exit(1)
    }
    var count = 0
    let start = DispatchTime.now().uptimeNanoseconds
    let cpuStart = threadCPUSeconds()
    var elapsed: Double = 0
    repeat {
        for _ in 0..<50 { _ = c.verifier.verify(c.bundle, artifact: c.artifact, policy: c.policy, at: now) }
        count += 50
        elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    } while elapsed < seconds
    // Per CPU-second too: on a machine shared with other builds, wall time includes time the thread waited for a core.
    let cpu = threadCPUSeconds() - cpuStart
    print(String(format: "%-55@ %8.0f verifications/s  (%6.0f per CPU-second)", c.name as NSString, Double(count) / elapsed, Double(count) / cpu))
}

/// CPU time consumed by the calling thread, in seconds.
func threadCPUSeconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}
