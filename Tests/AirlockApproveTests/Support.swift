import Foundation
import AirlockAppliance

/// A fresh temporary directory, removed by the caller with `cleanup()`.
struct TempDir {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("airlock-approve-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> URL { url.appendingPathComponent(name) }

    func cleanup() { try? FileManager.default.removeItem(at: url) }
}

/// The result of running an external tool.
struct ToolRun {
    let status: Int32
    let output: String
}

/// Runs an external program (openssl, python3) and captures stdout+stderr.
func runTool(_ executable: String, _ arguments: [String], stdin: Data? = nil) throws -> ToolRun {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [executable] + arguments
    let out = Pipe()
    process.standardOutput = out
    process.standardError = out
    let input = Pipe()
    process.standardInput = input
    try process.run()
    if let stdin { input.fileHandleForWriting.write(stdin) }
    try input.fileHandleForWriting.close()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return ToolRun(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
}

/// Fixed verification instant for deterministic tests.
let verifiedInstant = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01T00:00:00Z

/// A thirty-day window from the verification instant, for statements signed outside `approve`.
let sampleValidity = ApprovalValidity(approvalID: "0123456789abcdef", validFrom: verifiedInstant,
                                      validUntil: verifiedInstant.addingTimeInterval(30 * 86400))

/// The policy every sample candidate was decided under.
let samplePolicy = CurrentPolicy(uri: "urn:airlock:policy:site", sha256: String(repeating: "ab", count: 32))

/// A candidate for an image named `name` with digest byte `byte`.
func sampleCandidate(_ name: String, byte: String, passed: Bool = true, policy: CurrentPolicy = samplePolicy,
                     at: Date = verifiedInstant) -> ApprovalCandidate {
    ApprovalCandidate(imageName: name, imageDigest: "sha256:" + String(repeating: byte, count: 32),
                      verdictID: String(repeating: "0" + byte.prefix(1), count: 32), verdictPassed: passed,
                      policyURI: policy.uri, policyDigest: policy.sha256, verifiedAt: at,
                      evidence: [EvidenceDigest(uri: "urn:airlock:evidence:sigstore-bundle", sha256: String(repeating: "e" + byte.prefix(1), count: 32))],
                      verifiedLevels: ["SLSA_BUILD_LEVEL_3"], firstFailure: passed ? nil : "slsa.builder: builder id does not match")
}
