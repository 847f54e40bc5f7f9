import Foundation
import Testing
import AirlockAppliance
import AirlockTestKit

/// The whole path on the demo release: import, verify under a site policy, approve the bundle, then
/// import the exported OCI layout into a fresh appliance, whose importer finds each VSA twice (cosign
/// `.att` and OCI 1.1 referrer).
@Suite struct DemoRoundTripTests {
    static let bundle = Corpus.packageRoot.appendingPathComponent("bundles/demo-release.tar.gz")

    static let policy = """
        version: 1
        name: demo-site
        rules:
          - name: demo-release
            match:
              names: ["demo/*"]
            trustRoot: demo
            signatures:
              threshold: 1
              transparencyLog: true
              signers:
                - issuer: https://token.actions.githubusercontent.com
                  san: https://github.com/example/demo-app/.github/workflows/release.yml@refs/tags/v1.0.0

        """


    @Test("import → verify → approve --bundle → re-import the OCI layout: every image arrives with its VSA attached",
          .enabled(if: FileManager.default.fileExists(atPath: bundle.path), "demo bundle absent"), .enabled(if: Tool.tar.isAvailable, "tar is not installed"))
    func roundTrip() throws {
        let dir = try ScratchDirectory("approve")
        defer { dir.remove() }
        let state = dir.url("state")
        try Data(Self.policy.utf8).write(to: dir.url("policy.yaml"))
        let imported = try CLI.run(["import", Self.bundle.path, "--output", "json"], state: state)
        #expect(imported.status == 0, "\(imported.output)")
        let importReport = try #require(try JSONSerialization.jsonObject(with: Data(imported.output.utf8)) as? [String: Any])
        let bundleID = try #require((importReport["bundle"] as? [String: Any])?["id"] as? String)
        let verified = try CLI.run(["verify", "--all", "--policy", dir.url("policy.yaml").path], state: state)
        #expect(verified.status == 0 && verified.output.contains("0 failed"), "\(verified.output)")
        #expect(try CLI.run(["keys", "init"], state: state).status == 0)
        let approved = try CLI.run(["approve", "--bundle", String(bundleID.prefix(8)), "--out", dir.url("out").path, "--output", "json"], state: state)
        #expect(approved.status == 0, "\(approved.output)")
        let report = try JSONDecoder.iso.decode(ApprovalReport.self, from: Data(approved.output.utf8))
        #expect(report.images.count == 2 && report.missingBlobs.isEmpty)

        let tar = try Tool.tar.run(["-C", dir.url("out/oci").path, "-cf", dir.url("oci.tar").path, "."])
        #expect(tar.status == 0, "\(tar.output)")
        let cluster = dir.url("cluster-state")
        let reimported = try CLI.run(["import", dir.url("oci.tar").path, "--output", "json"], state: cluster)
        #expect(reimported.status == 0, "\(reimported.output)")
        let listing = try #require(try JSONSerialization.jsonObject(with: Data(reimported.output.utf8)) as? [String: Any])
        let images = try #require(listing["images"] as? [[String: Any]])
        #expect(Set(images.compactMap { $0["digest"] as? String }) == Set(report.images.map(\.digest)))
        for image in images {
            let kinds = (image["evidence"] as? [[String: Any]] ?? []).compactMap { $0["kind"] as? String }.sorted()
            #expect(kinds == ["cosign-attestation", "sigstore-bundle"], "\(image)")
        }
        for file in ["approval.sigstore.json"] + report.images.map({ "vsa/\($0.digest.replacingOccurrences(of: ":", with: "-")).intoto.json" }) {
            let check = try CLI.run(["approvals", "verify", dir.url("out/\(file)").path], state: state)
            #expect(check.status == 0, "\(file): \(check.output)")
        }
    }
}
