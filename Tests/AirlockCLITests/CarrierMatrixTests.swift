import Foundation
import Testing
import AirlockAppliance
import AirlockFormats
import AirlockTestKit

/// The demo release re-carried with the real tools operators use (skopeo, umoci, a registry round trip) or
/// in the shapes other tools write (Docker 25 `docker save`, a Zarf package, a Hauler store), imported with
/// `--policy bundles/demo-policy.yaml`: the same images are found, the evidence links by digest, and the
/// verdicts carry exactly the original release's checks — or, where the carrier cannot hold the evidence,
/// FAIL for that reason. A missing tool fails the test (`tools/bootstrap` installs them).
@Suite("Real carriers of the demo release")
struct CarrierMatrixTests {
    /// The demo policy, also matching the names Docker (`docker.io/…`) and Hauler (`index.docker.io/…`) write,
    /// in both rules (the app's rule, with its in-toto layout, first).
    static func dockerNamesPolicy(in scratch: ScratchDirectory) throws -> String {
        let text = try String(contentsOfFile: DemoCarrier.policy, encoding: .utf8)
            .replacingOccurrences(of: #"names: ["demo/app:*"]"#, with: #"names: ["demo/app:*", "docker.io/demo/app:*", "index.docker.io/demo/app:*"]"#)
            .replacingOccurrences(of: #"names: ["demo/*"]"#, with: #"names: ["demo/*", "docker.io/demo/*", "index.docker.io/demo/*"]"#)
        #expect(text.contains("index.docker.io/demo/app:*") && text.contains("index.docker.io/demo/*"))
        return try scratch.write(text, as: "docker-names-policy.yaml").path
    }

    /// The fallback tag of the app image (`demo/app:sha256-<hex>`).
    static let appReferrersTag = "demo/app:sha256-" + DemoCarrier.app.dropFirst(7)

    @Test("skopeo oci-archive: one tag, no referrers (FAIL on signatures); its fallback-tag archive beside it links the evidence")
    func skopeoOCIArchive() throws {
        let scratch = try ScratchDirectory("carrier")
        let baseline = try DemoCarrier.baseline(in: scratch)
        let release = try DemoCarrier.unpack(into: scratch)
        #expect(try DemoCarrier.addReferrersTags(release).contains(Self.appReferrersTag))
        let app = scratch.url("app.tar"), evidence = scratch.url("app-evidence.tar")
        try Tool.skopeo.checked(["copy", "--quiet", "--preserve-digests", "oci:\(release.path):demo/app:1.0.0", "oci-archive:\(app.path):demo/app:1.0.0"])

        let alone = try DemoCarrier.decide(app, state: scratch.url("alone"))
        #expect(alone.result.status == 1, "\(alone.result.stderr)")
        #expect(alone.verdicts.map(\.subject) == [DemoCarrier.app], "the digest survives --preserve-digests")
        #expect(alone.verdicts.first?.result == "FAIL")
        #expect(alone.verdicts.first?.firstFailure?.id == "signatures", "\(String(describing: alone.verdicts.first?.firstFailure))")
        #expect(alone.verdicts.first?.firstFailure?.message.contains("0 of 1 required") == true)

        // Without --preserve-digests skopeo compresses the uncompressed layer: a new manifest no signature names.
        let rewritten = scratch.url("app-rewritten.tar")
        try Tool.skopeo.checked(["copy", "--quiet", "oci:\(release.path):demo/app:1.0.0", "oci-archive:\(rewritten.path):demo/app:1.0.0"])
        let moved = try DemoCarrier.decide(rewritten, state: scratch.url("rewritten"))
        #expect(moved.result.status == 1)
        #expect(moved.verdicts.count == 1 && moved.verdicts.first?.subject != DemoCarrier.app, "the digest changed")
        #expect(moved.verdicts.first?.firstFailure?.id == "signatures")

        try Tool.skopeo.checked(["copy", "--quiet", "--all", "--preserve-digests",
                                 "oci:\(release.path):\(Self.appReferrersTag)", "oci-archive:\(evidence.path):\(Self.appReferrersTag)"])
        let state = scratch.url("paired")
        let first = try CLI.run(["import", "--state", state.path, evidence.path])
        #expect(first.status == 0, "\(first.stderr)")
        let paired = try DemoCarrier.decide(app, state: state)
        #expect(paired.result.status == 0, "\(paired.result.stdout)\(paired.result.stderr)")
        #expect(paired.verdicts.map(\.subject) == [DemoCarrier.app])
        DemoCarrier.expectSameAsBaseline(paired, baseline, subjects: [DemoCarrier.app])
    }

    @Test("skopeo docker-archive: the image is its config digest, which no signature names: FAIL on signatures even with the evidence imported")
    func skopeoDockerArchive() throws {
        let scratch = try ScratchDirectory("carrier")
        let release = try DemoCarrier.unpack(into: scratch)
        try DemoCarrier.addReferrersTags(release)
        let archive = scratch.url("app-docker.tar"), evidence = scratch.url("app-evidence.tar")
        let policy = try Self.dockerNamesPolicy(in: scratch)
        try Tool.skopeo.checked(["copy", "--quiet", "oci:\(release.path):demo/app:1.0.0", "docker-archive:\(archive.path):demo/app:1.0.0"])
        try Tool.skopeo.checked(["copy", "--quiet", "--all", "--preserve-digests",
                                 "oci:\(release.path):\(Self.appReferrersTag)", "oci-archive:\(evidence.path):\(Self.appReferrersTag)"])
        let state = scratch.url("state")
        #expect(try CLI.run(["import", "--state", state.path, evidence.path]).status == 0)
        let decided = try DemoCarrier.decide(archive, state: state, policy: policy)
        #expect(decided.result.status == 1)
        let verdict = try #require(decided.verdicts.first)
        #expect(decided.verdicts.count == 1)
        #expect(verdict.subject == DemoCarrier.appConfig, "docker-archive keeps no registry manifest")
        #expect(verdict.names == ["docker.io/demo/app:1.0.0"], "skopeo writes the normalised name into RepoTags")
        #expect(verdict.rule == "demo-app", "the app's rule matches the Docker name too")
        #expect(verdict.firstFailure?.id == "signatures")
        #expect(verdict.firstFailure?.message.contains("0 of 1 required") == true, "\(String(describing: verdict.firstFailure))")
    }

    @Test("umoci config writes a new manifest: the original tags still PASS by digest, the rewritten one has no evidence")
    func umociRewrittenLayout() throws {
        let scratch = try ScratchDirectory("carrier")
        let baseline = try DemoCarrier.baseline(in: scratch)
        let release = try DemoCarrier.unpack(into: scratch)
        try FileManager.default.removeItem(at: release.appendingPathComponent("airlock-bundle.json"))
        try Tool("umoci").checked(["config", "--image", "\(release.path):demo/app:1.0.0",
                                   "--config.label", "org.example.rebuilt=yes", "--tag", "demo/app:1.0.0-relabelled"])
        var relabelled = ""
        try DemoCarrier.editIndex(release) { manifests in
            relabelled = manifests.first { ($0["annotations"] as? [String: String])?["org.opencontainers.image.ref.name"] == "demo/app:1.0.0-relabelled" }?["digest"] as? String ?? ""
        }
        #expect(relabelled.hasPrefix("sha256:") && relabelled != DemoCarrier.app)
        let decided = try DemoCarrier.decide(scratch.tar(release, as: "umoci.tar"), state: scratch.url("state"))
        #expect(decided.result.status == 1)
        #expect(Set(decided.bySubject.keys) == [DemoCarrier.app, DemoCarrier.worker, relabelled])
        DemoCarrier.expectSameAsBaseline(decided, baseline)
        #expect(decided.bySubject[relabelled]?.names == ["demo/app:1.0.0-relabelled"])
        #expect(decided.bySubject[relabelled]?.firstFailure?.id == "signatures")
    }

    @Test("registry round trip: pushed with skopeo (images and referrers fallback tags), copied back into an oci: layout, PASS as the original")
    func registryRoundTrip() throws {
        let scratch = try ScratchDirectory("carrier")
        let baseline = try DemoCarrier.baseline(in: scratch)
        let release = try DemoCarrier.unpack(into: scratch)
        let fallbackTags = try DemoCarrier.addReferrersTags(release)
        let registry = try DockerRegistry.start(in: scratch)
        defer { registry.stop() }
        for ref in ["demo/app:1.0.0", "demo/worker:1.0.0"] + fallbackTags {
            try Tool.skopeo.checked(["copy", "--quiet", "--all", "--preserve-digests", "--dest-tls-verify=false",
                                     "oci:\(release.path):\(ref)", "docker://\(registry.host)/\(ref)"])
        }
        // Read back whatever the registry lists, as an operator mirroring a repository would.
        let back = scratch.url("back")
        for repo in ["demo/app", "demo/worker"] {
            let listed = try Tool.skopeo.checked(["list-tags", "--tls-verify=false", "docker://\(registry.host)/\(repo)"])
            let tags = try #require((try JSONSerialization.jsonObject(with: listed) as? [String: Any])?["Tags"] as? [String])
            #expect(tags.count == 2 && tags.contains("1.0.0") && tags.contains { $0.hasPrefix("sha256-") }, "\(tags)")
            for tag in tags {
                try Tool.skopeo.checked(["copy", "--quiet", "--all", "--preserve-digests", "--src-tls-verify=false",
                                         "docker://\(registry.host)/\(repo):\(tag)", "oci:\(back.path):\(repo):\(tag)"])
            }
        }
        let decided = try DemoCarrier.decide(scratch.tar(back, as: "mirror.tar"), state: scratch.url("state"))
        #expect(decided.result.status == 0, "\(decided.result.stdout)\(decided.result.stderr)")
        #expect(Set(decided.bySubject.keys) == [DemoCarrier.app, DemoCarrier.worker], "fallback tags are evidence, not images")
        DemoCarrier.expectSameAsBaseline(decided, baseline)
    }

    @Test("Docker 25 docker save shape: containerd names on the layout, manifest.json beside it; PASS as the original")
    func docker25Layout() throws {
        let scratch = try ScratchDirectory("carrier")
        let baseline = try DemoCarrier.baseline(in: scratch)
        let release = try DemoCarrier.unpack(into: scratch)
        try FileManager.default.removeItem(at: release.appendingPathComponent("airlock-bundle.json"))
        try DemoCarrier.editIndex(release) { manifests in
            for position in manifests.indices {
                guard var annotations = manifests[position]["annotations"] as? [String: String],
                      let ref = annotations["org.opencontainers.image.ref.name"] else { continue }
                annotations["org.opencontainers.image.ref.name"] = String(ref.split(separator: ":")[1])
                annotations["io.containerd.image.name"] = "docker.io/" + ref
                manifests[position]["annotations"] = annotations
            }
        }
        try Data(#"[{"Config":"blobs/sha256/\#(DemoCarrier.appConfig.dropFirst(7))","RepoTags":["demo/app:1.0.0"],"Layers":[]}]"#.utf8)
            .write(to: release.appendingPathComponent("manifest.json"))
        let decided = try DemoCarrier.decide(scratch.tar(release, as: "docker25.tar"), state: scratch.url("state"),
                                             policy: Self.dockerNamesPolicy(in: scratch))
        #expect(decided.result.status == 0, "\(decided.result.stdout)\(decided.result.stderr)")
        #expect(decided.bySubject[DemoCarrier.app]?.names == ["docker.io/demo/app:1.0.0"])
        #expect(decided.bySubject[DemoCarrier.worker]?.names == ["docker.io/demo/worker:1.0.0"])
        DemoCarrier.expectSameAsBaseline(decided, baseline)
    }

    @Test("Zarf package shape (zarf.yaml, images/ with base names, .tar.zst): PASS as the original")
    func zarfPackage() throws {
        let scratch = try ScratchDirectory("carrier")
        let baseline = try DemoCarrier.baseline(in: scratch)
        let package = scratch.url("zarf-package")
        try FileManager.default.createDirectory(at: package, withIntermediateDirectories: true)
        let images = try DemoCarrier.unpack(into: scratch, as: "zarf-package/images")
        for extra in ["airlock-bundle.json", "trusted_root.json"] { try FileManager.default.removeItem(at: images.appendingPathComponent(extra)) }
        try DemoCarrier.editIndex(images) { manifests in
            for position in manifests.indices {
                guard let ref = (manifests[position]["annotations"] as? [String: String])?["org.opencontainers.image.ref.name"] else { continue }
                manifests[position]["annotations"] = ["org.opencontainers.image.base.name": "docker.io/" + ref]
            }
        }
        try Data("kind: ZarfPackageConfig\nmetadata:\n  name: demo\n  version: 1.0.0\ncomponents:\n  - name: demo\n    images:\n      - demo/app:1.0.0\n      - demo/worker:1.0.0\n".utf8)
            .write(to: package.appendingPathComponent("zarf.yaml"))
        let archive = scratch.url("zarf-package-demo-amd64-1.0.0.tar.zst")
        try Tool.tar.checked(["-C", package.path, "--zstd", "-cf", archive.path, "--owner=0", "--group=0", "."])
        let decided = try DemoCarrier.decide(archive, state: scratch.url("state"), policy: Self.dockerNamesPolicy(in: scratch))
        #expect(decided.result.status == 0, "\(decided.result.stdout)\(decided.result.stderr)")
        #expect(decided.bySubject[DemoCarrier.app]?.names == ["docker.io/demo/app:1.0.0"])
        DemoCarrier.expectSameAsBaseline(decided, baseline)
    }

    @Test("the corpus Zarf images layout in a Zarf package: images by name, the .sig manifest not an image; no rule matches, so each FAILs on rule")
    func corpusZarfPackage() throws {
        let scratch = try ScratchDirectory("carrier")
        let package = scratch.url("zarf-package")
        try FileManager.default.createDirectory(at: package, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Corpus.url("oci/zarf-crane-oci-layout"), to: package.appendingPathComponent("images"))
        try Data("kind: ZarfPackageConfig\nmetadata:\n  name: hello\n".utf8).write(to: package.appendingPathComponent("zarf.yaml"))
        let decided = try DemoCarrier.decide(scratch.tar(package, as: "zarf.tar"), state: scratch.url("state"))
        #expect(decided.result.status == 1)
        let hello = try #require(decided.bySubject["sha256:03b62250a3cb1abd125271d393fc08bf0cc713391eda6b57c02d1ef85efcc25c"])
        #expect(hello.names.contains("ghcr.io/zarf-dev/images/hello-world:latest"))
        #expect(decided.verdicts.allSatisfy { $0.result == "FAIL" && $0.rule == nil && $0.firstFailure?.id == "rule" })
        let images = try CLI.run(["images", "--state", scratch.url("state").path, "--output", "json"])
        let list = try JSONDecoder().decode(ImageList.self, from: Data(images.stdout.utf8))
        #expect(list.images.contains { $0.names == ["ghcr.io/stefanprodan/charts/podinfo:6.4.0"] })
        #expect(!list.images.contains { $0.digest == "sha256:6162308b7421163281afe8bd1c69ae16d50e675cbe93ff8b34f8ad5efb71a866" },
                "the .sig manifest is evidence, not an image")
    }

    @Test("Hauler store shape (kind annotations, referrers as dev.hauler/referrers/<hex> under the image's name): PASS as the original")
    func haulerStore() throws {
        let scratch = try ScratchDirectory("carrier")
        let baseline = try DemoCarrier.baseline(in: scratch)
        let release = try DemoCarrier.unpack(into: scratch)
        try FileManager.default.removeItem(at: release.appendingPathComponent("airlock-bundle.json"))
        try DemoCarrier.editIndex(release) { manifests in
            var nameOf: [String: String] = [:]
            for entry in manifests {
                if let ref = (entry["annotations"] as? [String: String])?["org.opencontainers.image.ref.name"] {
                    nameOf[entry["digest"] as! String] = "index.docker.io/" + ref
                }
            }
            for position in manifests.indices {
                let digest = manifests[position]["digest"] as! String
                if let name = nameOf[digest] {
                    manifests[position]["annotations"] = ["kind": "dev.hauler/image", "io.containerd.image.name": name]
                } else {
                    let hex = String(digest.dropFirst(7))
                    let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: release.appendingPathComponent("blobs/sha256/\(hex)"))) as? [String: Any]
                    let subject = try #require((manifest?["subject"] as? [String: Any])?["digest"] as? String)
                    manifests[position]["annotations"] = ["kind": "dev.hauler/referrers/\(hex)", "io.containerd.image.name": try #require(nameOf[subject])]
                }
            }
        }
        let decided = try DemoCarrier.decide(scratch.tar(release, as: "haul.tar"), state: scratch.url("state"),
                                             policy: Self.dockerNamesPolicy(in: scratch))
        #expect(decided.result.status == 0, "\(decided.result.stdout)\(decided.result.stderr)")
        #expect(Set(decided.bySubject.keys) == [DemoCarrier.app, DemoCarrier.worker], "referrer entries under the image's name are not images")
        #expect(decided.bySubject[DemoCarrier.worker]?.names == ["index.docker.io/demo/worker:1.0.0"])
        DemoCarrier.expectSameAsBaseline(decided, baseline)
    }
}
