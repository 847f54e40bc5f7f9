import Foundation
import Testing
import AirlockTestKit

/// Issue 16, "offline, proven": the main commands run inside a network namespace with no interface up at
/// all (`unshare -n`, loopback left down), each in its own namespace, and give their usual outcomes.
///
/// Needs root and `unshare`. Where they are missing the test fails saying so, except under `.ci/run`'s
/// online mode (`AIRLOCK_CI_MODE=online`: a machine where CI itself cannot make a namespace), where it is
/// disabled with that reason. Nested `unshare -n` works as root inside `.ci/run`'s offline namespace.
@Suite("Offline CLI")
struct OfflineCLITests {
    static let unshare = Tool("unshare")

    /// Why no namespace can be made here, or nil when one can.
    static let obstacle: String? = {
        guard getuid() == 0 else { return "the offline test must run as root (uid \(getuid())) to make a network namespace with unshare -n" }
        guard unshare.isAvailable else { return "unshare (util-linux) is not installed; the offline test needs it" }
        guard Tool("ip").isAvailable else { return "ip (iproute2) is not installed; the offline test needs it to show no interface is up" }
        guard let probe = try? unshare.run(["-n", "true"]), probe.succeeded else {
            return "unshare -n fails here (no CAP_SYS_ADMIN or user namespaces disabled); the offline test needs it"
        }
        return nil
    }()

    static var onlineCI: Bool { ProcessInfo.processInfo.environment["AIRLOCK_CI_MODE"] == "online" }

    /// Runs `airlock arguments` in a fresh network namespace (no interface up).
    static func offline(_ arguments: [String]) throws -> CommandResult {
        let binary = try #require(CLI.binary, "airlock executable not built")
        return try unshare.run(["-n", binary.path] + arguments)
    }

    static func path(_ relative: String) -> String { Corpus.packageRoot.appendingPathComponent(relative).path }

    @Test("the namespace has no interface up, and the main commands succeed in it",
          .enabled(if: Corpus.isAvailable, "corpus absent"),
          .enabled(if: obstacle == nil || !onlineCI, "online CI mode: this machine cannot make a network namespace"))
    func mainCommandsRunWithNoNetwork() throws {
        if let obstacle = Self.obstacle {
            Issue.record("cannot prove offline operation: \(obstacle)")
            return
        }
        // The namespace really has nothing up: not even loopback.
        // /proc/net is per namespace (sysfs is not remounted, so /sys/class/net would show the host's).
        let links = try Self.unshare.run(["-n", "cat", "/proc/net/dev"])
        #expect(links.succeeded, "\(links.stderr)")
        #expect(links.stdout.split(separator: "\n").dropFirst(2).map { $0.split(separator: ":")[0].trimmingCharacters(in: .whitespaces) } == ["lo"],
                "\(links.stdout)")
        let up = try Self.unshare.run(["-n", "ip", "-o", "link", "show", "up"])
        #expect(up.succeeded && up.stdout.isEmpty, "ip link show up in the namespace: \(up.output)")

        let scratch = try ScratchDirectory("offline")
        defer { scratch.remove() }
        let state = scratch.state.path
        let policy = Self.path("bundles/demo-policy.yaml")

        let bundle = try Self.offline(["verify-bundle", "--bundle", Self.path("bundles/demo/release-notes.txt.sigstore.json")]
            + DemoTests.signer + [Self.path("bundles/demo/release-notes.txt")])
        #expect(bundle.status == 0 && bundle.stdout.hasPrefix("VERIFIED"), "verify-bundle: \(bundle.output)")

        let imported = try Self.offline(["import", "--state", state, "--policy", policy, Self.path("bundles/demo-release.tar.gz")])
        #expect(imported.status == 0 && imported.output.contains("PASS"), "import --policy: \(imported.output)")

        let verified = try Self.offline(["verify", "--state", state, "--all", "--policy", policy])
        #expect(verified.status == 0 && verified.output.contains("PASS") && !verified.output.contains("FAIL"), "verify --all: \(verified.output)")

        let replayed = try Self.offline(["replay", "--state", state, "--all"])
        #expect(replayed.status == 0, "replay --all: \(replayed.output)")

        let images = try Self.offline(["images", "--state", state])
        #expect(images.status == 0 && images.stdout.contains("demo/app:1.0.0") && images.stdout.contains("demo/worker:1.0.0"), "images: \(images.output)")

        let keys = try Self.offline(["keys", "init", "--state", state])
        #expect(keys.status == 0, "keys init: \(keys.output)")
        let out = scratch.url("approval").path
        let approved = try Self.offline(["approve", "--state", state, "--all-passing", "--out", out, "--expires", "30d"])
        #expect(approved.status == 0, "approve: \(approved.output)")
        #expect(FileManager.default.fileExists(atPath: out + "/approval.sigstore.json"), "approve wrote no approval.sigstore.json")

        let audit = try Self.offline(["audit", "verify", "--state", state])
        #expect(audit.status == 0, "audit verify: \(audit.output)")

        let trace = try Self.offline(["trace", "demo/app:1.0.0", "--state", state])
        #expect(trace.status == 0 && trace.stdout.contains("demo/app:1.0.0"), "trace: \(trace.output)")

        let layoutDir = Corpus.url("in-toto/reference-demo-dsse/pass").path
        let layout = try Self.offline(["verify-layout", "--layout", "\(layoutDir)/root.layout", "--layout-key", "\(layoutDir)/alice.pub",
                                       "--links", layoutDir, "--at", "2026-06-01T00:00:00Z", "--skip-inspection", "untar"])
        #expect(layout.status == 0 && layout.stdout.contains("VERIFIED"), "verify-layout: \(layout.output)")
    }
}
