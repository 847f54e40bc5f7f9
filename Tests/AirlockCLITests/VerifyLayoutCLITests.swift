import Foundation
import Testing
import AirlockTestKit

/// `airlock verify-layout` end to end on the in-toto reference demo (generated with in-toto 3.1.0).
@Suite("airlock verify-layout")
struct VerifyLayoutCLITests {
    func args(_ variant: String, extra: [String] = ["--skip-inspection", "untar"]) -> [String] {
        let dir = Corpus.url("in-toto/reference-demo-dsse/\(variant)").path
        return ["verify-layout", "--layout", "\(dir)/root.layout", "--layout-key", "\(dir)/alice.pub", "--links", dir,
                "--at", "2026-06-01T00:00:00Z"] + extra
    }

    @Test("the reference demo passes with its inspection skipped", .enabled(if: Corpus.isAvailable, "corpus absent"))
    func passes() throws {
        let result = try CLI.run(args("pass"))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("VERIFIED"))
        #expect(result.stdout.contains("untar"))
    }

    @Test("the inspection is never run: without the skip the layout fails", .enabled(if: Corpus.isAvailable, "corpus absent"))
    func inspectionRefused() throws {
        let result = try CLI.run(args("pass", extra: []))
        #expect(result.status == 1)
        #expect((result.stdout + result.stderr).contains("never executes"), "\(result.stdout)\(result.stderr)")
    }

    @Test("the tampered demo fails on DISALLOW * naming the artifact", .enabled(if: Corpus.isAvailable, "corpus absent"))
    func tampered() throws {
        let result = try CLI.run(args("tampered"))
        #expect(result.status == 1)
        let output = result.stdout + result.stderr
        #expect(output.contains("'DISALLOW *' matched the following artifacts: ['demo-project/foo.py']"), "\(output)")
    }

    @Test("a malformed layout is bad input, one line naming the file", .enabled(if: Corpus.isAvailable, "corpus absent"))
    func malformed() throws {
        let scratch = try ScratchDirectory("cli")
        defer { scratch.remove() }
        let bad = try scratch.write("{\"signed\": [", as: "bad.layout")
        var arguments = args("pass")
        arguments[2] = bad.path
        let result = try CLI.run(arguments)
        #expect(result.status == 2)
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(result.stderr.contains(bad.path), "\(result.stderr)")
    }
}
