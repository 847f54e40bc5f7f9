import Foundation
import Testing
import AirlockTestKit

/// Bad input to any command is one line naming the file (and field) and the reason, with exit code 2,
/// even when a library's own message spans several lines.
@Suite("Bad input is one line, exit 2")
struct BadInputCLITests {
    let scratch: ScratchDirectory

    init() throws { scratch = try ScratchDirectory("cli") }

    @Test("a policy that is not YAML")
    func malformedPolicy() throws {
        let file = try scratch.write("version: 1\nrules: [\n", as: "bad.yaml")
        let result = try CLI.run(["policy", "check", file.path])
        #expect(result.status == 2)
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(result.stderr.contains(file.path) && result.stderr.contains("not valid YAML"))
    }

    @Test("a policy with an empty rule list names the field once")
    func emptyRules() throws {
        let file = try scratch.write("version: 1\nrules: []\n", as: "empty.yaml")
        let result = try CLI.run(["policy", "check", file.path])
        #expect(result.status == 2)
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(result.stderr.contains("\(file.path): rules: an empty list is not allowed"), "\(result.stderr)")
    }

    @Test("an archive that is not a tarball")
    func junkArchive() throws {
        let file = try scratch.write(String(repeating: "not a tar ", count: 200), as: "junk.tar")
        let state = scratch.state
        let result = try CLI.run(["import", "--state", state.path, file.path])
        #expect(result.status == 2)
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(result.stderr.contains(file.path) && result.stderr.contains("corrupt-archive"), "\(result.stderr)")
    }

    @Test("import with a malformed --at is refused before anything is stored, with or without --policy")
    func malformedInstant() throws {
        for extra in [[], ["--policy", Corpus.packageRoot.appendingPathComponent("bundles/demo-policy.yaml").path]] {
            let state = scratch.url("state-at-\(extra.count)")
            let archive = Corpus.packageRoot.appendingPathComponent("bundles/demo-release.tar.gz").path
            let result = try CLI.run(["import", "--state", state.path, "--at", "yesterday"] + extra + [archive])
            #expect(result.status == 2, "\(result.stdout)\(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1)
            #expect(result.stderr.contains("--at"), "\(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: state.appendingPathComponent("airlock.sqlite").path))
        }
    }
}
