import Foundation
import Testing
import AirlockAppliance
import AirlockStore
import AirlockVerify
import AirlockFormats
import AirlockTestKit

/// TEST ONLY: a scratch directory with a state directory, plus helpers to import layouts and verify.
struct Workspace {
    let scratch: ScratchDirectory
    var root: URL { scratch.root }
    var state: URL { scratch.state }

    init() throws { scratch = try ScratchDirectory("policy") }

    /// Writes a file in the scratch directory and returns its path.
    @discardableResult
    func write(_ text: String, as name: String) throws -> String { try scratch.write(text, as: name).path }

    /// Writes bytes in the scratch directory and returns the path.
    @discardableResult
    func write(_ data: Data, as name: String) throws -> String { try scratch.write(data, as: name).path }

    /// Packs a directory's contents into a tar (GNU tar) and imports it; returns the bundle id.
    @discardableResult
    func importDirectory(_ directory: URL, as name: String) throws -> String {
        try ImportService(stateDirectory: state).importBundle(at: scratch.tar(directory, as: name)).bundle.id
    }

    /// Writes a test-kit layout to a directory and imports it.
    @discardableResult
    func importLayout(_ layout: OCILayoutWriter, as name: String, extraFiles: [String: Data] = [:]) throws -> String {
        let directory = scratch.url("layout-\(name)")
        try layout.write(to: directory)
        for (path, data) in extraFiles { try data.write(to: directory.appendingPathComponent(path)) }
        return try importDirectory(directory, as: "\(name).tar")
    }

    var verifier: VerifyService { VerifyService(stateDirectory: state) }
    var replayer: ReplayService { ReplayService(stateDirectory: state) }

    /// Verifies one image (by digest) under a policy text, at `at`, and checks that replaying every
    /// verdict recorded so far in this state directory gives byte-identical verdicts.
    func verify(_ digest: String, policy: String, at: Date) throws -> VerdictSummary {
        let path = try write(policy, as: "policy-\(UUID().uuidString).yaml")
        let report = try verifier.verify(.image(digest), policyPath: path, at: at)
        let replay = try replayer.replay(nil)
        #expect(replay.allIdentical, "replay differs: \(replay.results.flatMap(\.differences))")
        return try #require(report.verdicts.first)
    }
}

extension VerdictSummary {
    /// The first failed check's id without its evidence or candidate prefix: `slsa.builder`, `signatures`,
    /// `tlog.promise`, `attestation`.
    var failedCheck: String? {
        guard let id = firstFailure?.id else { return nil }
        return Self.bareID(id)
    }

    static func bareID(_ id: String) -> String {
        let parts = id.split(separator: ".")
        if parts[0].hasPrefix("evidence[") { return parts.dropFirst().joined(separator: ".") }
        if parts[0].hasPrefix("attestation[") { return parts.count > 2 ? parts.dropFirst(2).joined(separator: ".") : "attestation" }
        return id
    }

    /// Whether some check has this id suffix and status.
    func has(_ suffix: String, _ status: CheckStatus) -> Bool {
        checks.contains { $0.id.hasSuffix(suffix) && $0.status == status }
    }
}
