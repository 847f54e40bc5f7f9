import Foundation
import Testing
import AirlockTestKit

/// `airlock verify-bundle` end to end: exit codes, the one-line failure, JSON output, bad input.
@Suite("airlock verify-bundle")
struct VerifyBundleCLITests {
    static let bundle = "sigstore/sigstore-java/samples/bundles/bundle.v3.sigstore"
    static let digest = "sha256:a0cfc71271d6e278e57cd332ff957c3f7043fdda354c4cbb190a30d56efa01bf"

    func args(_ extra: [String] = [], san: String = "appu@google.com") -> [String] {
        ["verify-bundle", "--bundle", Corpus.url(Self.bundle).path,
         "--certificate-identity", san, "--certificate-oidc-issuer", "https://accounts.google.com",
         "--at", "2026-10-01T00:00:00Z"] + extra + [Self.digest]
    }

    @Test("a real public-good bundle verifies with the pinned root", .enabled(if: Corpus.isAvailable, "corpus absent"))
    func verifies() throws {
        let result = try CLI.run(args())
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("VERIFIED \(Self.digest)"))
        #expect(result.stdout.contains("rekor.sigstore.dev"))
    }

    @Test("a wrong identity exits 1 naming the failed check", .enabled(if: Corpus.isAvailable, "corpus absent"))
    func wrongIdentity() throws {
        let result = try CLI.run(args(san: "mallory@example.com"))
        #expect(result.status == 1)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.hasPrefix("FAILED identity:") == true, "\(result.stderr)")
    }

    @Test("JSON output carries every check, the signer, the log entries and the times", .enabled(if: Corpus.isAvailable, "corpus absent"))
    func json() throws {
        let result = try CLI.run(args(["--output", "json"]))
        #expect(result.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["verified"] as? Bool == true)
        let report = try #require(object["result"] as? [String: Any])
        let checks = try #require(report["checks"] as? [[String: Any]])
        #expect(checks.contains { $0["id"] as? String == "certificate.chain" && $0["status"] as? String == "passed" })
        #expect((report["signer"] as? [String: Any])?["subjectAlternativeName"] as? String == "appu@google.com")
        #expect((report["logEntries"] as? [Any])?.count == 1)
        #expect((report["times"] as? [Any])?.isEmpty == false)
        #expect(report["thresholds"] != nil)
    }

    @Test("malformed bundle JSON exits 2 with one line naming the file", .enabled(if: Corpus.isAvailable, "corpus absent"))
    func malformed() throws {
        let scratch = try ScratchDirectory("cli")
        defer { scratch.remove() }
        let path = try scratch.write("{\"mediaType\": ", as: "bad.json")
        var arguments = args()
        arguments[2] = path.path
        let result = try CLI.run(arguments)
        #expect(result.status == 2)
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(result.stderr.contains(path.path), "\(result.stderr)")
    }

    @Test("a sha256: argument with bad hex is bad input, never a path")
    func badDigest() throws {
        let result = try CLI.run(["verify-bundle", "--bundle", "/nonexistent", "--certificate-identity", "a", "--certificate-oidc-issuer", "b", "sha256:xyz"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("64 lowercase hex"), "\(result.stderr)")
    }

    @Test("an unknown pinned trust root is bad input")
    func unknownRoot() throws {
        let result = try CLI.run(["verify-bundle", "--bundle", "/nonexistent", "--certificate-identity", "a", "--certificate-oidc-issuer", "b",
                                  "--trust-root", "nope", Self.digest])
        #expect(result.status == 2)
        #expect(result.stderr.contains("no trust root named nope"), "\(result.stderr)")
        #expect(result.stderr.contains("(unknown-trust-root)"), "\(result.stderr)")
    }
}
