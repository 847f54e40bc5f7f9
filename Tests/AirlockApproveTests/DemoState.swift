import Foundation
import Testing
import AirlockTestKit
import AirlockAppliance

/// A state directory made by the real CLI from a demo release tarball: imported and verified under
/// `bundles/demo-policy.yaml` (real, replayable verdicts), with appliance keys.
struct DemoState {
    static let release = Corpus.packageRoot.appendingPathComponent("bundles/demo-release.tar.gz")
    static let tampered = Corpus.packageRoot.appendingPathComponent("bundles/demo-release-tampered.tar.gz")
    static let policy = Corpus.packageRoot.appendingPathComponent("bundles/demo-policy.yaml")
    static var available: Bool { FileManager.default.fileExists(atPath: release.path) }

    let dir: ScratchDirectory
    var state: URL { dir.url("state") }

    /// Imports `bundle` with the demo policy (the tampered release exits 1: its worker FAILS) and makes keys.
    init(bundle: URL = DemoState.release) throws {
        dir = try ScratchDirectory("approve")
        let imported = try CLI.run(["import", bundle.path, "--policy", Self.policy.path, "--state", dir.url("state").path])
        #expect(imported.status == (bundle == Self.tampered ? 1 : 0), "\(imported.output)")
        #expect(try airlock(["keys", "init"]).status == 0)
    }

    /// Runs the CLI on this state directory.
    func airlock(_ arguments: [String]) throws -> CommandResult {
        try CLI.run(arguments + ["--state", state.path])
    }

    /// `approve --all-passing --out out --output json`, asserted to succeed, and its decoded report.
    func approveAll(into out: URL) throws -> ApprovalReport {
        let approved = try airlock(["approve", "--all-passing", "--out", out.path, "--output", "json"])
        #expect(approved.status == 0, "\(approved.output)")
        return try JSONDecoder.iso.decode(ApprovalReport.self, from: Data(approved.output.utf8))
    }

    /// Runs a Python script with arguments.
    func python(_ script: String, _ arguments: [String]) throws -> CommandResult {
        let file = dir.url("script-\(UUID().uuidString).py")
        try Data(script.utf8).write(to: file)
        return try Tool.python3.run([file.path] + arguments)
    }

    /// The top-level image digests named `name`.
    func digest(named name: String) throws -> String {
        let listing = try airlock(["images", "--output", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(listing.output.utf8)) as? [String: Any])
        let images = try #require(object["images"] as? [[String: Any]])
        let match = try #require(images.first { ($0["names"] as? [String] ?? []).contains(name) })
        return try #require(match["digest"] as? String)
    }
}
