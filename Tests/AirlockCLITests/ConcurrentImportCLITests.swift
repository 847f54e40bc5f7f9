import Foundation
import Testing
import Synchronization
import AirlockTestKit

/// Several `import --policy` of one release into one state directory at the same time: each either
/// succeeds or is refused with a reason (a `conflict` names the log whose checkpoints another command held
/// meanwhile); whatever the interleaving, the first checkpoint of a log is held once, and the decision log
/// verifies.
@Suite("Concurrent imports into one state")
struct ConcurrentImportCLITests {
    static func path(_ relative: String) -> String { Corpus.packageRoot.appendingPathComponent(relative).path }

    @Test("three imports at once: one 'first' per log, every refusal says why, audit verify passes")
    func threeAtOnce() throws {
        let scratch = try ScratchDirectory("concurrent")
        defer { scratch.remove() }
        let state = scratch.state.path
        #expect(try CLI.run(["keys", "init", "--state", state]).status == 0)
        let results = Mutex<[CommandResult?]>([])
        DispatchQueue.concurrentPerform(iterations: 3) { _ in
            let result = try? CLI.run(["import", "--state", state, "--policy", Self.path("bundles/demo-policy.yaml"),
                                       Self.path("bundles/demo-release.tar.gz")])
            results.withLock { $0.append(result) }
        }
        let ran = results.withLock { $0 }
        #expect(ran.allSatisfy { $0 != nil }, "a command did not start")
        let all = ran.compactMap { $0 }
        #expect(all.contains { $0.status == 0 }, "\(all.map(\.output))")
        for result in all where result.status != 0 {
            #expect(result.stderr.contains("(conflict)"), "\(result.output)")
        }
        let script = """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            for origin, n in db.execute("SELECT origin, COUNT(*) FROM tlog_events WHERE action = 'first' GROUP BY origin"):
                print(origin, n)
            """
        let firsts = try Tool.python3.run(["-c", script, scratch.state.appendingPathComponent("airlock.sqlite").path])
        #expect(firsts.status == 0, "\(firsts.output)")
        let lines = firsts.stdout.split(separator: "\n")
        #expect(!lines.isEmpty && lines.allSatisfy { $0.hasSuffix(" 1") }, "\(firsts.stdout)")
        let audit = try CLI.run(["audit", "verify", "--state", state])
        #expect(audit.status == 0, "\(audit.output)")
    }
}
