import Foundation
import Testing
import AirlockAppliance
import AirlockTestKit

/// The generated admission policies validate against the controllers' own CRD schemas (checked by
/// Python `jsonschema`, which shares nothing with Airlock) and say what they must.
@Suite struct AdmissionPolicyTests {
    static let crdFiles = [
        "kyverno-clusterpolicy.yaml": "admission/kyverno.io_clusterpolicies.yaml",
        "kyverno-digest-allowlist.yaml": "admission/kyverno.io_clusterpolicies.yaml",
        "kyverno-imagevalidatingpolicy.yaml": "admission/policies.kyverno.io_imagevalidatingpolicies.yaml",
        "policy-controller-clusterimagepolicy.yaml": "admission/policy.sigstore.dev_clusterimagepolicies.yaml",
    ]

    /// Validates a document against the CRD version its apiVersion names; prints `VALID` or the error.
    static let validator = """
    import sys, yaml, jsonschema
    crd = yaml.safe_load(open(sys.argv[1]))
    doc = yaml.safe_load(open(sys.argv[2]))
    group, version = doc["apiVersion"].split("/")
    assert crd["spec"]["group"] == group, (crd["spec"]["group"], group)
    assert crd["spec"]["names"]["kind"] == doc["kind"], doc["kind"]
    schema = [v for v in crd["spec"]["versions"] if v["name"] == version][0]["schema"]["openAPIV3Schema"]
    try:
        jsonschema.validate(doc, schema)
    except jsonschema.ValidationError as e:
        print("INVALID", list(e.absolute_path), e.message[:300]); sys.exit(1)
    print("VALID")
    """

    static func inputs(keys: Int = 2) throws -> AdmissionInputs {
        let dir = try ScratchDirectory("approve")
        defer { dir.remove() }
        let store = ApplianceKeys(stateDirectory: dir.root)
        _ = try store.initialise(applianceID: "https://airlock.example/appliance-1")
        var ring = try store.load()
        for _ in 1..<keys { ring = try store.rotate(algorithm: .ed25519) }
        return AdmissionInputs(applianceID: ring.applianceID, publicKeysPEM: ring.keys.reversed().map(\.publicKeyPEM),
                               allowedDigests: ["sha256:" + String(repeating: "b2", count: 32), "sha256:" + String(repeating: "a1", count: 32)])
    }

    private func validate(_ file: AdmissionPolicyFile, in dir: ScratchDirectory) throws -> CommandResult {
        try Data(Self.validator.utf8).write(to: dir.url("validate.py"))
        try Data(file.yaml.utf8).write(to: dir.url(file.fileName))
        let crd = try #require(Self.crdFiles[file.fileName])
        return try Tool.python3.run([dir.url("validate.py").path, Corpus.url(crd).path, dir.url(file.fileName).path])
    }

    @Test("every generated policy validates against its CRD schema", .enabled(if: Corpus.isAvailable, "corpus absent"), .enabled(if: Tool.python3.isAvailable, "python3 is not installed"))
    func schemas() throws {
        let dir = try ScratchDirectory("approve")
        defer { dir.remove() }
        let files = try AdmissionPolicies.files(Self.inputs())
        // The namespace ValidatingAdmissionPolicy is a built-in kind, checked in NamespacePolicyTests.
        #expect(files.map(\.fileName).sorted() == (Array(Self.crdFiles.keys) + [NamespacePolicyTests.fileName]).sorted())
        for file in files where file.fileName != NamespacePolicyTests.fileName {
            let run = try validate(file, in: dir)
            #expect(run.status == 0 && run.output.hasPrefix("VALID"), "\(file.fileName): \(run.output)")
        }
    }

    @Test("the schema check catches a misspelt field (the validator is not a rubber stamp)", .enabled(if: Corpus.isAvailable, "corpus absent"), .enabled(if: Tool.python3.isAvailable, "python3 is not installed"))
    func schemaCatchesMistakes() throws {
        let dir = try ScratchDirectory("approve")
        defer { dir.remove() }
        var file = try #require(try AdmissionPolicies.files(Self.inputs()).first { $0.fileName == "kyverno-clusterpolicy.yaml" })
        file.yaml = file.yaml.replacingOccurrences(of: "failureAction: Enforce", with: "failureAction: Block")
        let run = try validate(file, in: dir)
        #expect(run.status != 0)
        #expect(run.output.contains("INVALID") && run.output.contains("Block"), "\(run.output)")
    }

    /// Reads a generated policy back with PyYAML and prints the facts a reviewer checks.
    static let facts = """
    import sys, yaml, json
    d = yaml.safe_load(open(sys.argv[1]))
    kind = d["kind"]
    if kind == "ClusterPolicy" and d["metadata"]["name"] == "airlock-require-vsa":
        vi = d["spec"]["rules"][0]["verifyImages"][0]
        a = vi["attestations"][0]
        entries = a["attestors"][0]["entries"]
        out = {"type": a["type"], "keys": [e["keys"]["publicKeys"] for e in entries],
               "tlog": [e["keys"]["rekor"]["ignoreTlog"] for e in entries], "sct": [e["keys"]["ctlog"]["ignoreSCT"] for e in entries],
               "conditions": [(c["key"], c["value"]) for c in a["conditions"][0]["all"]], "refs": vi["imageReferences"]}
    elif kind == "ClusterPolicy":
        c = d["spec"]["rules"][0]["validate"]["foreach"][0]["deny"]["conditions"]["all"][0]
        out = {"operator": c["operator"], "values": c["value"]}
    elif kind == "ImageValidatingPolicy":
        s = d["spec"]
        out = {"keys": [a["cosign"]["key"]["data"] for a in s["attestors"]], "type": s["attestations"][0]["intoto"]["type"],
               "ignore": [a["cosign"]["ctlog"]["insecureIgnoreTlog"] for a in s["attestors"]], "exprs": [v["expression"] for v in s["validations"]]}
    else:
        auths = d["spec"]["authorities"]
        out = {"keys": [a["key"]["data"] for a in auths], "ctlog": [("ctlog" in a) for a in auths],
               "policy": auths[0]["attestations"][0]["policy"]["data"], "policyType": auths[0]["attestations"][0]["policy"]["type"],
               "type": auths[0]["attestations"][0]["predicateType"]}
    print(json.dumps(out))
    """

    private func facts(_ file: AdmissionPolicyFile, in dir: ScratchDirectory) throws -> [String: Any] {
        try Data(Self.facts.utf8).write(to: dir.url("facts.py"))
        try Data(file.yaml.utf8).write(to: dir.url(file.fileName))
        let run = try Tool.python3.run([dir.url("facts.py").path, dir.url(file.fileName).path])
        #expect(run.status == 0, "\(run.output)")
        return try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
    }

    @Test("the policies trust exactly the appliance keys, need no log, and require PASSED from this appliance", .enabled(if: Tool.python3.isAvailable, "python3 is not installed"))
    func content() throws {
        let dir = try ScratchDirectory("approve")
        defer { dir.remove() }
        let inputs = try Self.inputs()
        let files = Dictionary(uniqueKeysWithValues: try AdmissionPolicies.files(inputs).map { ($0.fileName, $0) })
        let vsa = "https://slsa.dev/verification_summary/v1"

        // The webhook timeout uses the current field, not the deprecated spec.webhookTimeoutSeconds.
        let clusterPolicyYAML = try #require(files["kyverno-clusterpolicy.yaml"]).yaml
        #expect(clusterPolicyYAML.contains("webhookConfiguration:\n    timeoutSeconds: 30") && !clusterPolicyYAML.contains("webhookTimeoutSeconds"))
        let cp = try facts(try #require(files["kyverno-clusterpolicy.yaml"]), in: dir)
        #expect(cp["type"] as? String == vsa)
        #expect(cp["keys"] as? [String] == inputs.publicKeysPEM)
        #expect(cp["tlog"] as? [Bool] == [true, true] && cp["sct"] as? [Bool] == [true, true])
        #expect(cp["refs"] as? [String] == ["*"])
        let conditions = try #require(cp["conditions"] as? [[Any]])
        #expect(conditions.count == 5)
        #expect(conditions.prefix(2).map { $0.compactMap { $0 as? String } } == [["{{ verificationResult }}", "PASSED"], ["{{ verifier.id }}", inputs.applianceID]])

        let ivp = try facts(try #require(files["kyverno-imagevalidatingpolicy.yaml"]), in: dir)
        #expect(ivp["keys"] as? [String] == inputs.publicKeysPEM && ivp["type"] as? String == vsa)
        #expect(ivp["ignore"] as? [Bool] == [true, true])
        let exprs = try #require(ivp["exprs"] as? [String])
        #expect(exprs[0].contains("[attestors.airlock0, attestors.airlock1]"))
        #expect(exprs[1].contains("verificationResult == 'PASSED'") && exprs[1].contains("'\(inputs.applianceID)'"))

        let cip = try facts(try #require(files["policy-controller-clusterimagepolicy.yaml"]), in: dir)
        #expect(cip["keys"] as? [String] == inputs.publicKeysPEM && cip["type"] as? String == vsa)
        #expect(cip["ctlog"] as? [Bool] == [false, false])
        let rego = try #require(cip["policy"] as? String)
        #expect(cip["policyType"] as? String == "rego")
        #expect(rego.contains("input.predicate.verificationResult == \"PASSED\"") && rego.contains("input.predicate.verifier.id == \"\(inputs.applianceID)\""))

        let allow = try facts(try #require(files["kyverno-digest-allowlist.yaml"]), in: dir)
        #expect(allow["operator"] as? String == "AnyNotIn")
        #expect(allow["values"] as? [String] == inputs.allowedDigests.map { "*@\($0)" })
        #expect(inputs.allowedDigests.first?.hasPrefix("sha256:a1") == true)
    }

    @Test("an empty allow-list admits nothing (the value list is empty, not missing)", .enabled(if: Tool.python3.isAvailable, "python3 is not installed"))
    func emptyAllowList() throws {
        let dir = try ScratchDirectory("approve")
        defer { dir.remove() }
        let allow = try facts(AdmissionPolicies.allowListFile([]), in: dir)
        #expect(allow["values"] as? [String] == [])
    }
}
