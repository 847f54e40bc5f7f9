import Foundation
import Testing
import AirlockAppliance
import AirlockTestKit

/// The exported OCI layout, checked by an independent Python walker: every blob hashes to its name,
/// each image has a cosign `.att` manifest (DSSE layer with `predicateType`) and an OCI 1.1 referrer
/// (Sigstore bundle v0.3, `subject` = the image), and the attached VSA verifies with the public key.
@Suite struct OCILayoutTests {
    static let walker = """
    import base64, hashlib, json, os, sys
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    root, pub = sys.argv[1], serialization.load_pem_public_key(open(sys.argv[2], "rb").read())
    assert json.load(open(os.path.join(root, "oci-layout"))) == {"imageLayoutVersion": "1.0.0"}
    def blob(d):
        data = open(os.path.join(root, "blobs", "sha256", d.split(":")[1]), "rb").read()
        assert "sha256:" + hashlib.sha256(data).hexdigest() == d, d
        return data
    names = os.listdir(os.path.join(root, "blobs", "sha256"))
    for n in names: blob("sha256:" + n)
    index = json.load(open(os.path.join(root, "index.json")))
    assert index["mediaType"] == "application/vnd.oci.image.index.v1+json"
    out = {"images": [], "atts": [], "referrers": []}
    def verify(env):
        body = base64.b64decode(env["payload"]); t = env["payloadType"].encode()
        pub.verify(base64.b64decode(env["signatures"][0]["sig"]), b"DSSEv1 %d %s %d %s" % (len(t), t, len(body), body), ec.ECDSA(hashes.SHA256()))
        return json.loads(body)
    for d in index["manifests"]:
        m = json.loads(blob(d["digest"])); assert len(blob(d["digest"])) == d["size"]
        ann = d.get("annotations", {})
        if d.get("artifactType") == "application/vnd.dev.sigstore.bundle.v0.3+json":
            assert m["artifactType"] == d["artifactType"] and m["config"]["mediaType"] == "application/vnd.oci.empty.v1+json"
            assert blob(m["config"]["digest"]) == b"{}"
            b = json.loads(blob(m["layers"][0]["digest"]))
            assert m["layers"][0]["mediaType"] == b["mediaType"] == "application/vnd.dev.sigstore.bundle.v0.3+json"
            st = verify(b["dsseEnvelope"])
            assert st["subject"][0]["digest"]["sha256"] == m["subject"]["digest"].split(":")[1]
            assert m["annotations"]["dev.sigstore.bundle.predicateType"] == st["predicateType"]
            out["referrers"].append(m["subject"]["digest"])
        elif ann.get("kind") == "dev.cosignproject.cosign/atts":
            layer = m["layers"][0]
            assert layer["mediaType"] == "application/vnd.dsse.envelope.v1+json"
            st = verify(json.loads(blob(layer["digest"])))
            assert layer["annotations"]["predicateType"] == st["predicateType"] == "https://slsa.dev/verification_summary/v1"
            assert st["predicate"]["verificationResult"] == "PASSED"
            out["atts"].append(ann["org.opencontainers.image.ref.name"])
        else:
            assert m["mediaType"] == d["mediaType"]
            for b in [m["config"]] + m["layers"]:
                if b["digest"].split(":")[1] in names: assert len(blob(b["digest"])) == b["size"]
            out["images"].append([ann["org.opencontainers.image.ref.name"], d["digest"]])
    print(json.dumps(out))
    """

    @Test("the OCI layout carries the images and each VSA as .att tag and as referrer, all verifiable", .enabled(if: Tool.python3.isAvailable, "python3 is not installed"))
    func layout() throws {
        let fixture = try StoreFixture()
        defer { fixture.dir.remove() }
        let outcome = try ApproveService(stateDirectory: fixture.state).approve(fixture.request(.allPassing), policy: samplePolicy, source: fixture.source())
        guard case .approved(let report) = outcome else { Issue.record("refused: \(outcome)"); return }
        let out = fixture.dir.url("out")
        try Data(Self.walker.utf8).write(to: fixture.dir.url("walk.py"))
        let run = try Tool.python3.run([fixture.dir.url("walk.py").path, out.appendingPathComponent("oci").path,
                                          out.appendingPathComponent("appliance.pub.pem").path])
        #expect(run.status == 0, "\(run.output)")
        let facts = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: [Any]])
        let images = try #require(facts["images"] as? [[String]])
        #expect(images.map { $0[1] } == report.images.map(\.digest))
        #expect(images.map { $0[0] } == report.images.map(\.name))
        #expect(facts["referrers"] as? [String] == report.images.map(\.digest))
        let atts = try #require(facts["atts"] as? [String])
        #expect(atts == report.images.map { ApprovalStatements.repositoryName($0.name) + ":" + $0.digest.replacingOccurrences(of: ":", with: "-") + ".att" })
        // The layer the store lacked is reported, not silently dropped.
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("oci/blobs/sha256/\(fixture.missingLayer.dropFirst(7))").path))
        #expect(report.missingBlobs == [fixture.missingLayer])
    }

    @Test("repository names drop tags and digests but keep registry ports", arguments: [
        ("registry.example/app:1.0", "registry.example/app"), ("registry.example:5000/app", "registry.example:5000/app"),
        ("registry.example:5000/app:v2", "registry.example:5000/app"), ("app@sha256:ab", "app"), ("app:1@sha256:ab", "app"),
    ])
    func repositoryNames(_ reference: String, _ repository: String) {
        #expect(ApprovalStatements.repositoryName(reference) == repository)
    }
}
