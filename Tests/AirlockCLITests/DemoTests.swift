import Foundation
import Testing
import AirlockCrypto
import AirlockTestKit
import AirlockAppliance

/// The committed demo evidence (`bundles/`, made by `tools/make-demo-bundle`) gives the outcomes
/// `bundles/README.md` promises, through the CLI and the pinned `demo` trust root, as `tools/demo` shows.
@Suite("Demo evidence")
struct DemoTests {
    static let signer = [
        "--trust-root", "demo",
        "--certificate-identity", "https://github.com/example/demo-app/.github/workflows/release.yml@refs/tags/v1.0.0",
        "--certificate-oidc-issuer", "https://token.actions.githubusercontent.com",
    ]

    static func path(_ relative: String) -> String { Corpus.packageRoot.appendingPathComponent(relative).path }

    static func sha256(_ relative: String) throws -> String {
        let data = try Data(contentsOf: URL(fileURLWithPath: path(relative)))
        return Digest.sha256(data).map { String(format: "%02x", $0) }.joined()
    }

    @Test("the demo artifact verifies with the pinned demo root")
    func artifactVerifies() throws {
        let result = try CLI.run(["verify-bundle", "--bundle", Self.path("bundles/demo/release-notes.txt.sigstore.json")]
            + Self.signer + [Self.path("bundles/demo/release-notes.txt")])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("VERIFIED"))
        #expect(result.stdout.contains("hashedrekord/0.0.1 inclusion-proof SET"))
        #expect(result.stdout.contains("via tsa https://timestamp.mini.test"))
    }

    @Test("the demo artifact does not verify with the public-good root")
    func artifactNeedsDemoRoot() throws {
        var signer = Self.signer
        signer[1] = "public-good"
        let result = try CLI.run(["verify-bundle", "--bundle", Self.path("bundles/demo/release-notes.txt.sigstore.json")]
            + signer + [Self.path("bundles/demo/release-notes.txt")])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("FAILED tlog.threshold:"), "\(result.stderr)")
    }

    @Test("the tampered twin fails on tlog.body: the logged digest is not the file's")
    func tamperedArtifactFails() throws {
        let result = try CLI.run(["verify-bundle", "--bundle", Self.path("bundles/demo/tampered/release-notes.txt.sigstore.json")]
            + Self.signer + [Self.path("bundles/demo/tampered/release-notes.txt")])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("FAILED tlog.body:"), "\(result.stderr)")
        #expect(result.stderr.contains("is not the artifact's digest"))
    }

    @Test("the provenance bundle verifies for the artifact's digest, and only for it")
    func provenanceVerifiesForDigest() throws {
        let bundle = Self.path("bundles/demo/provenance.sigstore.json")
        let good = try CLI.run(["verify-bundle", "--bundle", bundle] + Self.signer + ["sha256:" + Self.sha256("bundles/demo/release-notes.txt")])
        #expect(good.status == 0, "\(good.stderr)")
        #expect(good.stdout.contains("dsse"))
        let other = try CLI.run(["verify-bundle", "--bundle", bundle] + Self.signer + ["sha256:" + Self.sha256("bundles/demo/tampered/release-notes.txt")])
        #expect(other.status == 1)
        #expect(other.stderr.hasPrefix("FAILED signature.subject:"), "\(other.stderr)")
    }

    @Test("each demo release imports with two images, two referrer bundles each, verified per image, and the app's layout and three link attestations",
          arguments: [("bundles/demo-release.tar.gz", false), ("bundles/demo-release-tampered.tar.gz", true)])
    func releaseImports(archive: String, tampered: Bool) throws {
        let scratch = try ScratchDirectory("cli")
        defer { scratch.remove() }
        let state = scratch.state
        let imported = try CLI.run(["import", Self.path(archive), "--state", state.path])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("\"demo-release-1.0.0\""))
        let listed = try CLI.run(["images", "--state", state.path, "--output", "json"])
        #expect(listed.status == 0, "\(listed.stderr)")
        let list = try JSONDecoder().decode(ImageList.self, from: Data(listed.stdout.utf8))
        #expect(list.schemaVersion == 1)
        let images = list.images
        #expect(images.map(\.names).sorted { $0.description < $1.description } == [["demo/app:1.0.0"], ["demo/worker:1.0.0"]])
        for image in images {
            #expect(image.complete)
            #expect(image.platforms == ["linux/amd64"])
            // The app also carries its in-toto layout and three link attestations (clone, build, package) as DSSE referrers.
            let isApp = image.names == ["demo/app:1.0.0"]
            let links = image.evidence.filter { $0.kind == "dsse" }
            #expect(links.count == (isApp ? 4 : 0))
            #expect(links.allSatisfy { $0.subject == image.digest }, "\(links.map(\.subject))")
            let bundles = image.evidence.filter { $0.kind != "dsse" }
            #expect(bundles.count == 2)
            #expect(Set(bundles.compactMap(\.predicateType)) == ["https://sigstore.dev/cosign/sign/v1", "https://slsa.dev/provenance/v1"])
            for evidence in bundles {
                #expect(evidence.kind == "sigstore-bundle")
                #expect(evidence.subject == image.digest)
                let blob = state.appendingPathComponent("blobs/sha256/\(evidence.sha256)").path
                let result = try CLI.run(["verify-bundle", "--bundle", blob] + Self.signer + [image.digest])
                let alteredOne = tampered && image.names == ["demo/worker:1.0.0"] && evidence.predicateType == "https://slsa.dev/provenance/v1"
                if alteredOne {
                    #expect(result.status == 1)
                    #expect(result.stderr.hasPrefix("FAILED signature.dsse:"), "\(result.stderr)")
                } else {
                    #expect(result.status == 0, "\(image.names) \(evidence.predicateType ?? ""): \(result.stderr)")
                }
            }
        }
    }

    @Test("the release archives are reproducible ustar (sorted names, owner 0:0, mtime 0) and bundles/ stays small")
    func archivesAreReproducible() throws {
        for archive in ["bundles/demo-release.tar.gz", "bundles/demo-release-tampered.tar.gz"] {
            let listing = try Self.tarListing(Self.path(archive))
            let names = listing.compactMap { $0.split(separator: " ").last.map(String.init) }
            // 19 files, plus, for the app's layout and each of its link attestations, a referrer manifest and its DSSE layer;
            // the layout travels with the image, never as a loose file.
            #expect(names.count == 27)
            #expect(!names.contains { $0.hasSuffix(".layout") })
            #expect(names == names.sorted())
            #expect(names.contains("airlock-bundle.json") && names.contains("oci-layout") && names.contains("index.json"))
            for line in listing {
                #expect(line.hasPrefix("-rw-r--r-- 0/0 "), "\(line)")
                #expect(line.contains(" 1970-01-01 00:00 "), "\(line)")
            }
        }
        let bundles = Corpus.packageRoot.appendingPathComponent("bundles")
        let files = FileManager.default.enumerator(at: bundles, includingPropertiesForKeys: [.fileSizeKey])?.compactMap { $0 as? URL } ?? []
        let total = try files.reduce(0) { $0 + (try $1.resourceValues(forKeys: [.fileSizeKey]).fileSize ?? 0) }
        #expect(total > 0 && total < 300_000, "bundles/ is \(total) bytes")
    }

    @Test("the ustar writer splits long paths into prefix and name, and refuses paths that cannot fit")
    func ustarLongPaths() throws {
        let long = String(repeating: "d", count: 90) + "/" + String(repeating: "f", count: 60) + ".json"
        var writer = UstarWriter()
        try writer.addFile(long, contents: Data("{}".utf8))
        let scratch = try ScratchDirectory("cli")
        defer { scratch.remove() }
        let url = try scratch.write(writer.finish(), as: "ustar.tar")
        let listing = try Self.tarListing(url.path, gzip: false)
        #expect(listing.count == 1)
        #expect(listing.first?.hasSuffix(" " + long) == true, "\(listing)")
        var refused = UstarWriter()
        let error = #expect(throws: UstarWriter.PathError.self) { try refused.addFile(String(repeating: "x", count: 101), contents: Data()) }
        #expect(error?.reason.contains("too long") == true)
    }

    /// `tar -tvf` lines (GNU tar, numeric owners, UTC), spaces collapsed.
    static func tarListing(_ path: String, gzip: Bool = true) throws -> [String] {
        let listed = try Tool.tar.run(["--numeric-owner", gzip ? "-tvzf" : "-tvf", path], environment: ["TZ": "UTC"])
        #expect(listed.succeeded, "\(listed.stderr)")
        return listed.stdout.split(separator: "\n").map { $0.replacingOccurrences(of: #" +"#, with: " ", options: .regularExpression) }
    }
}

/// `airlock images --output json`: `{"schemaVersion": 1, "images": [...]}`.
struct ImageList: Decodable {
    let schemaVersion: Int
    let images: [ImageSummary]
}
