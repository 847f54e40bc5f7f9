import Foundation
import Testing
import AirlockAppliance
import AirlockTestKit

/// Review of `import` with the write guard beside the archive stream (docs/decisions.md D33), on the paths
/// `OverlappedGuardImportTests` leaves out: the `checkpoints/` folder's check refusing (`import` through
/// `BundleIntake`) and an unpacked tree (`import --dir`). On a log that does not verify the guard's refusal
/// is the answer and nothing is stored; on an intact log the other error is, so the input really fails.
@Suite("Import: the write guard beside the archive stream, review")
struct OverlappedGuardReviewTests {
    typealias Overlapped = OverlappedGuardImportTests

    /// A tarball with a README and a `checkpoints/` file that does not parse.
    static func badCheckpointsTar(_ scratch: ScratchDirectory) throws -> URL {
        try scratch.tar(try scratch.write(files: ["README.txt": Data("hello".utf8), "checkpoints/bad.txt": Data("not a checkpoint\n".utf8)],
                                          under: "bad-checkpoints"), as: "bad-checkpoints.tar")
    }

    /// The error `BundleIntake` gives for `request` on `state`, or nil when it succeeds.
    static func intakeError(_ request: BundleIntake.Request, state: URL) -> ApplianceError? {
        do {
            _ = try BundleIntake(stateDirectory: state).run(request)
            return nil
        } catch {
            return error.error
        }
    }

    @Test("the checkpoints/ folder's refusal on a tampered log: the guard's refusal wins, nothing is stored")
    func folderRefusalLosesToGuard() throws {
        let scratch = try ScratchDirectory("overlapped-review")
        defer { scratch.remove() }
        let archive = try Self.badCheckpointsTar(scratch)
        let intact = try #require(Self.intakeError(.init(source: archive), state: try Overlapped.tamperedState(scratch, tamper: false)))
        #expect(intact.code == "bad-checkpoint" && intact.entry == "checkpoints/bad.txt", "\(intact.code): \(intact.reason) \(intact.entry ?? "")")
        let other = try ScratchDirectory("overlapped-review")
        defer { other.remove() }
        let state = try Overlapped.tamperedState(other)
        let before = try Overlapped.footprint(state)
        let error = try #require(Self.intakeError(.init(source: archive), state: state))
        #expect(error.code == "decision-log-tampered" && error.reason.contains("rows.verdicts[0].rule"), "\(error.code): \(error.reason)")
        let after = try Overlapped.footprint(state)
        #expect(after.bundles == before.bundles && after.blobs == before.blobs && after.leaves == before.leaves, "\(before) \(after)")
    }

    @Test("an unpacked tree (import --dir) on a tampered log: refused naming the edited verdict, nothing is stored")
    func directoryRefused() throws {
        let scratch = try ScratchDirectory("overlapped-review")
        defer { scratch.remove() }
        let state = try Overlapped.tamperedState(scratch)
        let tree = try scratch.write(files: ["README.txt": Data("a tree".utf8), "notes/more.txt": Data("more".utf8)], under: "tree")
        let before = try Overlapped.footprint(state)
        let error = try #require(Self.intakeError(.init(source: tree, isDirectory: true), state: state))
        #expect(error.code == "decision-log-tampered" && error.reason.contains("rows.verdicts[0].rule"), "\(error.code): \(error.reason)")
        let after = try Overlapped.footprint(state)
        #expect(after.bundles == before.bundles && after.blobs == before.blobs && after.leaves == before.leaves, "\(before) \(after)")
    }
}
