import Foundation
import Testing
import AirlockAppliance
import AirlockTestKit

/// The approval README's `skopeo copy` lines, run as written against a real registry (Debian's
/// docker-registry on 127.0.0.1), keep every digest: each approved image, its `.att` manifest and its
/// referrer come back out byte-identical. Then `airlock revoke`'s clean-up commands, run as printed,
/// remove exactly the attestation and the referrer. Missing tools fail the test (tools/bootstrap installs them).
@Suite struct RegistryCopyTests {
    /// Compares the blobs every manifest of the exported layout reaches with the layout copied back out of
    /// the registry: the same names (digests) with the same bytes. Prints JSON {name: digest} of the copy.
    static let compare = """
    import hashlib, json, os, sys
    original, back = sys.argv[1], sys.argv[2]
    def blob(root, digest):
        data = open(os.path.join(root, "blobs", "sha256", digest.split(":")[1]), "rb").read()
        assert "sha256:" + hashlib.sha256(data).hexdigest() == digest, (root, digest)
        return data
    def reach(root, digest, out):
        out.add(digest)
        doc = json.loads(blob(root, digest))
        for child in doc.get("manifests", []): reach(root, child["digest"], out)
        for b in ([doc["config"]] if "config" in doc else []) + doc.get("layers", []):
            out.add(b["digest"])
    names = {}
    for entry in json.load(open(os.path.join(back, "index.json")))["manifests"]:
        names[entry["annotations"]["org.opencontainers.image.ref.name"]] = entry["digest"]
    checked = 0
    for entry in json.load(open(os.path.join(original, "index.json")))["manifests"]:
        name = entry["annotations"]["org.opencontainers.image.ref.name"]
        assert names.get(name) == entry["digest"], (name, names.get(name), entry["digest"])
        wanted = set()
        reach(original, entry["digest"], wanted)
        for digest in wanted:
            assert blob(original, digest) == blob(back, digest), digest
            checked += 1
    print(json.dumps({"names": names, "blobs": checked}))
    """

    private func skopeo(_ arguments: [String]) throws -> CommandResult {
        try #require(Tool.skopeo.isAvailable, "skopeo is not installed: tools/bootstrap installs it")
        return try Tool.skopeo.run(arguments)
    }

    @Test("the README's skopeo copy lines keep every digest through a real registry; revoke's clean-up removes the .att and the referrer")
    func copyAndCleanUp() throws {
        try #require(DemoState.available, "bundles/demo-release.tar.gz is missing")
        let demo = try DemoState()
        defer { demo.dir.remove() }
        let out = demo.dir.url("out")
        let report = try demo.approveAll(into: out)
        #expect(report.images.count == 2 && report.missingBlobs.isEmpty)

        // The copy block, exactly as the README has it; only the registry and plain HTTP are the test's.
        let readme = try String(contentsOf: out.appendingPathComponent("README.md"), encoding: .utf8)
        let block = try #require(readme.components(separatedBy: "```").first { $0.contains("skopeo copy") })
        let lines = block.split(separator: "\n").map(String.init)
        #expect(lines.first == "REGISTRY=registry.example:5000", "\(lines)")
        let copies = lines.filter { $0.hasPrefix("skopeo copy ") }
        #expect(copies.count == 3 * report.images.count && copies.allSatisfy { $0.contains(" --preserve-digests ") }, "\(copies)")
        for image in report.images {
            let hex = image.digest.dropFirst(7)
            let repo = ApprovalStatements.repositoryName(image.name)
            #expect(copies.contains { $0.hasSuffix("\"docker://${REGISTRY}/\(image.name)\"") }, "\(image.name)")
            #expect(copies.contains { $0.hasSuffix("\"docker://${REGISTRY}/\(repo):sha256-\(hex).att\"") }, "\(image.name) .att")
            #expect(copies.contains { $0.contains("sha256-\(hex).sigstore-bundle' \"docker://${REGISTRY}/\(repo)@sha256:") }, "\(image.name) referrer")
        }

        let scratch = try ScratchDirectory("registry-copy")
        defer { scratch.remove() }
        let registry = try DockerRegistry.start(in: scratch)
        defer { registry.stop() }
        let script = block.replacingOccurrences(of: "REGISTRY=registry.example:5000", with: "REGISTRY=\(registry.host)")
            .replacingOccurrences(of: "skopeo copy ", with: "skopeo copy --dest-tls-verify=false ")
        try #require(Tool.skopeo.isAvailable, "skopeo is not installed: tools/bootstrap installs it")
        let pushed = try Tool.bash.run(["-c", "set -e; cd '\(out.path)'; \(script)"])
        #expect(pushed.status == 0, "\(pushed.output)")

        // Back out of the registry into a fresh layout, each manifest under its layout name.
        let plan = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("oci/index.json"))) as? [String: Any])
        let entries = try #require(plan["manifests"] as? [[String: Any]])
        #expect(entries.count == 3 * report.images.count)
        let back = scratch.url("back")
        for line in copies {
            let words = line.split(separator: " ").map(String.init)
            let source = try #require(words.first { $0.hasPrefix("'oci:oci:") }).dropFirst("'oci:oci:".count).dropLast()
            let destination = try #require(words.last).dropFirst("\"docker://${REGISTRY}/".count).dropLast()
            let pulled = try skopeo(["copy", "--all", "--preserve-digests", "--src-tls-verify=false",
                                     "docker://\(registry.host)/\(destination)", "oci:\(back.path):\(source)"])
            #expect(pulled.status == 0, "\(destination): \(pulled.output)")
        }
        try Data(Self.compare.utf8).write(to: scratch.url("compare.py"))
        let compared = try Tool.python3.run([scratch.url("compare.py").path, out.appendingPathComponent("oci").path, back.path])
        #expect(compared.status == 0, "\(compared.output)")
        let facts = try #require(try JSONSerialization.jsonObject(with: Data(compared.stdoutData)) as? [String: Any])
        let names = try #require(facts["names"] as? [String: String])
        for image in report.images {
            #expect(names[image.name] == image.digest, "\(image.name): \(names)")
        }
        #expect((facts["blobs"] as? Int ?? 0) >= 3 * report.images.count * 3)

        // Revoke: the clean-up commands, run as printed, remove the .att manifest and the referrer, not the image.
        let revoked = try demo.airlock(["revoke", report.id, "--reason", "registry test", "--output", "json"])
        #expect(revoked.status == 0, "\(revoked.output)")
        let revocation = try JSONDecoder.iso.decode(RevokeReport.self, from: Data(revoked.output.utf8))
        #expect(revocation.registryCleanup.map(\.digest) == report.images.map(\.digest))
        for image in revocation.registryCleanup {
            #expect(image.commands.count == 2 && image.note == nil, "\(image)")
            for command in image.commands {
                let run = try Tool.bash.run(["-c", "REGISTRY=\(registry.host); " + command.replacingOccurrences(of: "skopeo delete ", with: "skopeo delete --tls-verify=false ")])
                #expect(run.status == 0, "\(command): \(run.output)")
            }
            let att = try skopeo(["inspect", "--raw", "--tls-verify=false", "docker://\(registry.host)/\(image.repository):\(image.attestationTag)"])
            #expect(att.status != 0 && att.stderr.contains("manifest unknown"), "\(att.output)")
            for command in image.commands {
                let digest = try #require(command.split(separator: "@").last).dropLast()
                let gone = try skopeo(["inspect", "--raw", "--tls-verify=false", "docker://\(registry.host)/\(image.repository)@\(digest)"])
                #expect(gone.status != 0 && gone.stderr.contains("manifest unknown"), "\(digest): \(gone.output)")
            }
            let kept = try skopeo(["inspect", "--raw", "--tls-verify=false", "docker://\(registry.host)/\(image.repository)@\(image.digest)"])
            #expect(kept.status == 0, "\(kept.output)")
        }
    }
}
