import Foundation
import Testing
import AirlockAppliance
import AirlockTestKit
import Synchronization

/// `BundleIntake`, the use case behind `airlock import`: its order keeps the store unchanged on bad input,
/// and a failure after the import committed carries the import, so the operator sees what is stored.
@Suite("Bundle intake: the import use case")
struct BundleIntakeTests {
    static func path(_ relative: String) -> URL { Corpus.packageRoot.appendingPathComponent(relative) }
    static let policy = path("bundles/demo-policy.yaml").path

    /// A tarball holding only a README: no image, nothing to verify.
    static func imagelessTar(_ scratch: ScratchDirectory) throws -> URL {
        try scratch.tar(try scratch.write(files: ["README.txt": Data("hello".utf8)], under: "content"), as: "a.tar")
    }

    /// The failure `run` throws for `request`, or nil when it succeeds.
    static func failure(_ request: BundleIntake.Request, state: URL) -> BundleIntake.Failure? {
        do {
            _ = try BundleIntake(stateDirectory: state).run(request)
            return nil
        } catch {
            return error
        }
    }

    @Test("the demo release with the demo policy: imported, both images verified and passed")
    func demoPasses() throws {
        let scratch = try ScratchDirectory("intake")
        defer { scratch.remove() }
        let outcome = try BundleIntake(stateDirectory: scratch.state)
            .run(.init(source: Self.path("bundles/demo-release.tar.gz"), policyPath: Self.policy))
        #expect(outcome.trustRootUpdate == nil)
        let verified = try #require(outcome.verified)
        #expect(verified.verdicts.count == 2)
        #expect(verified.allPassed)
        #expect(try ImportService(stateDirectory: scratch.state).bundles().map(\.id) == [outcome.imported.bundle.id])
    }

    @Test("without a policy nothing is verified and the outcome says so")
    func importOnly() throws {
        let scratch = try ScratchDirectory("intake")
        defer { scratch.remove() }
        let outcome = try BundleIntake(stateDirectory: scratch.state).run(.init(source: Self.path("bundles/demo-release.tar.gz")))
        #expect(outcome.verified == nil)
        #expect(outcome.imported.images.count == 2)
    }

    @Test("a policy that does not load fails before anything is stored, and carries no import")
    func badPolicyFirst() throws {
        let scratch = try ScratchDirectory("intake")
        defer { scratch.remove() }
        let missing = scratch.url("no-such-policy.yaml").path
        #expect {
            _ = try BundleIntake(stateDirectory: scratch.state)
                .run(.init(source: Self.path("bundles/demo-release.tar.gz"), policyPath: missing))
        } throws: { error in
            guard let failure = error as? BundleIntake.Failure else { return false }
            return failure.imported == nil && failure.trustRootUpdate == nil && failure.error.kind == .badInput
                && failure.error.description.contains("no-such-policy.yaml")
        }
        #expect(!FileManager.default.fileExists(atPath: scratch.state.appendingPathComponent("airlock.sqlite").path))
    }

    @Test("verifying nothing fails after the import committed: the failure carries the stored import")
    func nothingVerifiedCarriesImport() throws {
        let scratch = try ScratchDirectory("intake")
        defer { scratch.remove() }
        let archive = try Self.imagelessTar(scratch)
        let failure = try #require(Self.failure(.init(source: archive, policyPath: Self.policy), state: scratch.state))
        #expect(failure.error.code == NothingVerified.code)
        #expect(failure.error.kind == .verificationFailed)
        let imported = try #require(failure.imported)
        #expect(try ImportService(stateDirectory: scratch.state).bundles().map(\.id) == [imported.bundle.id])
    }

    @Test("allowEmpty accepts the same bundle with zero verdicts")
    func allowEmpty() throws {
        let scratch = try ScratchDirectory("intake")
        defer { scratch.remove() }
        let archive = try Self.imagelessTar(scratch)
        let outcome = try BundleIntake(stateDirectory: scratch.state).run(.init(source: archive, policyPath: Self.policy, allowEmpty: true))
        #expect(outcome.verified?.verdicts.isEmpty == true)
    }

    @Test("a bundle that fails to import leaves the store without a bundle and the failure without an import")
    func badBundle() throws {
        let scratch = try ScratchDirectory("intake")
        defer { scratch.remove() }
        let archive = try scratch.write("not a tar archive at all", as: "bad.tar")
        let failure = try #require(Self.failure(.init(source: archive, policyPath: Self.policy), state: scratch.state))
        #expect(failure.imported == nil)
        #expect(failure.error.kind == .badInput, "\(failure.error)")
        #expect(failure.error.description.contains("bad.tar"), "\(failure.error)")
        #expect(try ImportService(stateDirectory: scratch.state).bundles().isEmpty)
    }

    @Test("importEnded is called once, after the import's progress, and also when the import fails")
    func importEndedOnce() throws {
        let scratch = try ScratchDirectory("intake")
        defer { scratch.remove() }
        let calls = Mutex<[String]>([])
        let outcome = try BundleIntake(stateDirectory: scratch.state)
            .run(.init(source: Self.path("bundles/demo-release.tar.gz"), policyPath: Self.policy),
                 progress: { _ in calls.withLock { if $0.last != "progress" { $0.append("progress") } } },
                 importEnded: { calls.withLock { $0.append("ended") } })
        #expect(outcome.verified?.verdicts.count == 2)
        #expect(calls.withLock { $0 }.filter { $0 == "ended" }.count == 1)
        #expect(calls.withLock { $0 }.last == "ended")
        let bad = try scratch.write("not a tar archive at all", as: "bad.tar")
        let ended = Mutex(0)
        let failure = #expect(throws: BundleIntake.Failure.self) {
            _ = try BundleIntake(stateDirectory: scratch.url("other")).run(.init(source: bad), importEnded: { ended.withLock { $0 += 1 } })
        }
        #expect(failure?.error.kind == .badInput && failure?.error.description.contains("bad.tar") == true, "\(String(describing: failure?.error))")
        #expect(ended.withLock { $0 } == 1)
    }
}
