import Foundation
import Testing
import AirlockAppliance
import AirlockStore
import AirlockTestKit
#if canImport(Glibc)
import Glibc
#endif

/// A file that cannot be read says why (missing, a directory, a FIFO, permission), and `policy check`
/// is not "valid" when a trust root it uses cannot be read.
struct InputFileTests {
    private func loadError(_ path: String) -> ApplianceError? {
        do {
            _ = try LoadedPolicy.load(path: path)
            return nil
        } catch {
            return error
        }
    }

    @Test func aMissingFileSaysSo() throws {
        let workspace = try Workspace()
        let error = try #require(loadError(workspace.root.appendingPathComponent("absent.yaml").path))
        #expect(error.code == "unreadable" && error.reason == "no such file", "\(error)")
    }

    @Test func aDirectorySaysSo() throws {
        let workspace = try Workspace()
        let error = try #require(loadError(workspace.root.path))
        #expect(error.code == "unreadable" && error.reason == "is a directory, not a file", "\(error)")
    }

    @Test func aFIFOIsRefusedWithoutBeingOpened() throws {
        let workspace = try Workspace()
        let fifo = workspace.root.appendingPathComponent("policy.fifo").path
        try #require(mkfifo(fifo, 0o600) == 0)
        let error = try #require(loadError(fifo))
        #expect(error.code == "unreadable" && error.reason.contains("FIFO"), "\(error)")
        let device = try #require(loadError("/dev/null"))
        #expect(device.reason == "is a device, not a regular file", "\(device)")
    }

    /// As root, permission bits do not stop reads, so the CLI runs as `nobody` (a copy of the binary in a
    /// world-readable scratch directory, started with `setpriv`): the same refusal, end to end.
    @Test(.enabled(if: getuid() != 0 || (Tool.setpriv.isAvailable && CLI.isBuilt), "root without setpriv or a built airlock"))
    func permissionDeniedSaysSo() throws {
        let workspace = try Workspace()
        let path = try workspace.write(PolicyLintTests.valid, as: "policy.yaml")
        try #require(chmod(path, 0) == 0)
        guard getuid() == 0 else {
            let error = try #require(loadError(path))
            #expect(error.code == "unreadable" && error.reason.contains("permission denied"), "\(error)")
            return
        }
        let scratch = try ScratchDirectory("permission")
        defer { scratch.remove() }
        try #require(chmod(scratch.root.path, 0o755) == 0 && chmod(workspace.root.path, 0o755) == 0)
        let binary = scratch.url("airlock")
        try FileManager.default.copyItem(at: try #require(CLI.binary), to: binary)
        try #require(chmod(binary.path, 0o755) == 0)
        let result = try Tool.setpriv.run(["--reuid=65534", "--regid=65534", "--clear-groups", binary.path,
                                           "policy", "check", path, "--state", scratch.url("none").path])
        #expect(result.status == 2, "\(result.output)")
        #expect(result.stderr.contains("cannot read the file: permission denied (unreadable)"), "\(result.stderr)")
    }

    @Test("policy check: a declared trust root that is missing or not a file is not valid", arguments: ["missing", "directory"])
    func policyCheckNeedsItsTrustRoots(kind: String) throws {
        let workspace = try Workspace()
        let root = workspace.root.appendingPathComponent("roots/\(kind)")
        if kind == "directory" { try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true) }
        let policy = try workspace.write("""
            version: 1
            name: roots
            trustRoots:
              - {name: site, path: '\(root.path)'}
            rules:
              - name: all
                match: {names: ["*"]}
                trustRoot: site
                signatures:
                  signers:
                    - {issuer: "https://token.actions.githubusercontent.com", sanRegex: "^https://github.com/acme/"}
            """, as: "policy.yaml")
        let error = #expect(throws: ApplianceError.self) { try PolicyService.check(path: policy) }
        #expect(error?.code == "unreadable" && error?.file == root.path, "\(String(describing: error))")
        #expect(error?.reason == (kind == "missing" ? "trust root site: no such file" : "trust root site: is a directory, not a file"))
    }
}
