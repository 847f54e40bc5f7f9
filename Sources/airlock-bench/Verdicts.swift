// `airlock-bench verdicts N`: N test-kit images with 3 attestations each, imported, then decided under a
// site policy; reports verdicts/s and where the time goes (cryptographic verification, parsing, policy,
// storage). Used by `tools/bench verdicts`.
import Foundation
import AirlockAppliance
import AirlockFormats
import AirlockTestKit
import AirlockVerify
import AirlockCrypto

/// Builds the N-image bundle, imports it, verifies every image and prints the breakdown.
func verdictsBenchmark(images count: Int) throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("airlock-bench-verdicts-\(getpid())")
    try? FileManager.default.removeItem(at: root)
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: root) }

    var clock = Date()
    func lap() -> Double { let now = Date(); defer { clock = now }; return now.timeIntervalSince(clock) }

    var sigstore = try MiniSigstore()
    let rootPath = root.appendingPathComponent("trusted_root.json").path
    try sigstore.trustedRootJSON().write(to: URL(fileURLWithPath: rootPath))
    var layout = OCILayoutWriter()
    var evidence: [(SigstoreBundle, ArtifactInput)] = []
    var blobs: [Data] = []
    var byImage: [String: [Data]] = [:]
    for i in 0..<count {
        let image = layout.addImage(seed: "\(i)", name: "registry.bench/app-\(i):1")
        for (type, predicate, identity) in BenchAttestations.all {
            let statement = MiniSigstore.inTotoStatement(subjects: [(name: "image", sha256Hex: image.hex)], predicateType: type, predicate: predicate)
            let json = try sigstore.dsseBundle(statement: statement, identity: identity).json
            layout.addReferrer(to: image, bundle: json)
            blobs.append(json)
            byImage[image.digest, default: []].append(json)
            evidence.append((try SigstoreBundle.parse(json), .digest(.sha256, Hex.decode(image.hex)!)))
        }
    }
    let layoutDirectory = root.appendingPathComponent("layout")
    try layout.write(to: layoutDirectory)
    let tar = root.appendingPathComponent("bundle.tar")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/tar")
    process.arguments = ["-C", layoutDirectory.path, "-cf", tar.path, "."]
    try process.run()
    process.waitUntilExit()
    let made = lap()
    let state = root.appendingPathComponent("state")
    _ = try ImportService(stateDirectory: state).importBundle(at: tar)
    let imported = lap()
    let policyPath = root.appendingPathComponent("policy.yaml").path
    try BenchAttestations.policy(rootPath: rootPath).write(toFile: policyPath, atomically: true, encoding: .utf8)
    let at = sigstore.baseTime.addingTimeInterval(86_400)
    _ = lap()
    // The same run on one core (the baseline of the all-cores figure) and on all cores, alternated twice
    // after a warm-up run (which stores the policy and annotation blobs); the faster of each is kept.
    _ = try VerifyService(stateDirectory: state).verify(.all, policyPath: policyPath, at: at)
    var oneCore = Double.infinity, total = Double.infinity
    var serial: VerifyReport?, parallel: VerifyReport?
    for _ in 0..<2 {
        _ = lap()
        serial = try VerifyService(stateDirectory: state, maxConcurrency: 1).verify(.all, policyPath: policyPath, at: at)
        oneCore = min(oneCore, lap())
        parallel = try VerifyService(stateDirectory: state).verify(.all, policyPath: policyPath, at: at)
        total = min(total, lap())
    }
    let report = parallel!
    guard serial!.verdicts.map(\.id) == report.verdicts.map(\.id) else {
        throw NSError(domain: "bench", code: 3, userInfo: [NSLocalizedDescriptionKey: "parallel verdict ids differ from the serial run"])
    }
    guard report.verdicts.count == count, report.allPassed else {
        throw NSError(domain: "bench", code: 1, userInfo: [NSLocalizedDescriptionKey: "expected \(count) PASS verdicts: \(report.verdicts.first { $0.result != "PASS" }?.firstFailure?.message ?? "")"])
    }

    _ = lap()
    // The same decisions in memory, split into parsing and cryptographic verification.
    for data in blobs { _ = try SigstoreBundle.parse(data) }
    let parse = lap()
    let trust = try TrustMaterial(json: Data(contentsOf: URL(fileURLWithPath: rootPath)))
    let verifier = SigstoreVerifier(trust: trust)
    let anyone = VerificationPolicy(signer: .certificate([CertificateIdentity(subjectAlternativeName: try .regex(""), issuer: try .regex(""))]))
    for (bundle, artifact) in evidence { _ = verifier.verify(bundle, artifact: artifact, policy: anyone, at: at) }
    let crypto = lap()
    // The same cryptographic verifications spread over all cores: separates contention in the verifier
    // (OpenSSL, shared objects) from the store phases that stay serial.
    let workers = ProcessInfo.processInfo.activeProcessorCount
    let cases = evidence
    DispatchQueue.concurrentPerform(iterations: workers) { worker in
        for index in stride(from: worker, to: cases.count, by: workers) {
            _ = verifier.verify(cases[index].0, artifact: cases[index].1, policy: anyone, at: at)
        }
    }
    let cryptoParallel = lap()
    print(String(format: "FIGURE in-memory SigstoreVerifier, all cores vs one core (%d cores)|%.2f s|%.2f s|%.2f|>= 1.8|load %@", workers,
                 cryptoParallel, crypto, crypto / cryptoParallel, loadAverage()))
    let loaded = try LoadedPolicy.load(path: policyPath)
    let engine = PolicyEngine(policy: loaded.policy, trust: ["mini": trust])
    for verdict in report.verdicts {
        let inputs = byImage[verdict.subject, default: []].map {
            EvidenceInput(sha256: "", kind: EvidenceKind.sigstoreBundle.rawValue, mediaType: nil, annotations: [:], content: $0)
        }
        let evaluation = engine.evaluate(ImageSubject(digest: verdict.subject, names: verdict.names), evidence: inputs, at: at)
        guard evaluation.passed else { throw NSError(domain: "bench", code: 2, userInfo: [NSLocalizedDescriptionKey: "in-memory run disagrees"]) }
    }
    let engineTime = lap()
    let policyTime = max(0, engineTime - parse - crypto)
    let storage = max(0, oneCore - engineTime)
    func share(_ t: Double) -> String { String(format: "%5.1f%%", 100 * t / oneCore) }
    print(String(format: "made %d images x 3 attestations in %.1f s; import %.2f s", count, made, imported))
    print(String(format: "verify --all: %d verdicts in %.2f s = %.0f verdicts/s (%.0f attestations/s)",
                 count, total, Double(count) / total, Double(3 * count) / total))
    let cores = ProcessInfo.processInfo.activeProcessorCount
    print(String(format: "verify --all on one core: %.2f s; on all %d cores: %.2f s; speed-up %.2fx (load average %@)",
                 oneCore, cores, total, oneCore / total, loadAverage()))
    print(String(format: "FIGURE verify --all, all cores vs one core (%d cores)|%.2f s|%.2f s|%.2f|>= 1.8|load %@", cores, total, oneCore,
                 oneCore / total, loadAverage()))
    print("where the time goes (verify --all on one core = 100%):")
    print(String(format: "  cryptographic verification (SigstoreVerifier: signatures, chain, SCT, SET, checkpoint)  %.2f s  %@", crypto, share(crypto)))
    print(String(format: "  parsing (bundle JSON)                                                                  %.2f s  %@", parse, share(parse)))
    print(String(format: "  policy evaluation (statements, SLSA and generic conditions)                            %.2f s  %@", policyTime, share(policyTime)))
    print(String(format: "  storage and encoding (evidence reads, canonical JSON and ids, SQLite rows)             %.2f s  %@", storage, share(storage)))
}

/// The three attestations every benchmark image carries, and the policy that requires them.
enum BenchAttestations {
    static let commit = "0123456789abcdef0123456789abcdef01234567"

    static var all: [(String, JSONValue, Identity)] {
        let provenance = try! JSONValue.parse(Data("""
            {"buildDefinition":{"buildType":"https://actions.github.io/buildtypes/workflow/v1",
              "externalParameters":{"workflow":{"ref":"refs/heads/main","repository":"https://github.com/mini-org/mini-repo","path":".github/workflows/release.yml"}},
              "resolvedDependencies":[{"uri":"git+https://github.com/mini-org/mini-repo@refs/heads/main","digest":{"gitCommit":"\(commit)"}}]},
             "runDetails":{"builder":{"id":"https://github.com/mini-org/mini-repo/.github/workflows/release.yml@refs/heads/main"}}}
            """.utf8))
        let scan = try! JSONValue.parse(Data("{\"scanner\":{\"result\":{\"summary\":{\"maxSeverity\":\"LOW\"}}}}".utf8))
        let sbom = try! JSONValue.parse(Data("{\"spdxVersion\":\"SPDX-2.3\",\"name\":\"app\"}".utf8))
        return [("https://slsa.dev/provenance/v1", provenance, .githubWorkflow),
                ("https://cosign.sigstore.dev/attestation/vuln/v1", scan, .email),
                ("https://spdx.dev/Document", sbom, .email)]
    }

    static func policy(rootPath: String) -> String {
        """
        version: 1
        name: bench
        trustRoots: [{name: mini, path: '\(rootPath)'}]
        rules:
          - match: {names: ["registry.bench/*"]}
            trustRoot: mini
            attestations:
              - predicateType: https://slsa.dev/provenance/v1
                signers: [{issuer: https://token.actions.githubusercontent.com, sanRegex: '^https://github\\.com/mini-org/mini-repo/'}]
                slsa:
                  builderIDs: [https://github.com/mini-org/mini-repo/.github/workflows/release.yml]
                  sourceRepository: github.com/mini-org/mini-repo
                  branch: main
                  sourceCommit: \(commit)
              - predicateType: https://cosign.sigstore.dev/attestation/vuln/v1
                signers: [{issuer: 'https://accounts.mini.test', san: signer@mini.test}]
                conditions: [{path: scanner.result.summary.maxSeverity, in: [NONE, LOW]}]
              - predicateType: https://spdx.dev/Document
                signers: [{issuer: 'https://accounts.mini.test', san: signer@mini.test}]
                conditions: [{path: spdxVersion, matches: '^SPDX-2\\.'}]
        """
    }
}

/// The one-minute load average (from /proc/loadavg), or "?" where it cannot be read.
func loadAverage() -> String {
    (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").first.map(String.init) ?? "?"
}
