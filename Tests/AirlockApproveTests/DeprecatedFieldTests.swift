import Foundation
import Testing
import AirlockAppliance
import AirlockTestKit

/// No generated policy uses a field (or an API version) its controller's CRD marks deprecated.
@Suite struct DeprecatedFieldTests {
    /// Walks a document along its CRD schema and prints every path whose schema description declares the
    /// field deprecated ("Deprecated, use …", "Deprecated. Use …", "Deprecated in favour of …"; the
    /// lower-case "will be deprecated" notes about other forms do not count), and a deprecated version.
    static let walker = """
    import re, sys, yaml
    crd = yaml.safe_load(open(sys.argv[1]))
    found = []
    for doc in yaml.safe_load_all(open(sys.argv[2])):
        group, version = doc["apiVersion"].split("/")
        if group != crd["spec"]["group"]: continue
        v = [v for v in crd["spec"]["versions"] if v["name"] == version][0]
        if v.get("deprecated"): found.append("apiVersion " + doc["apiVersion"])
        def walk(node, schema, path):
            if not isinstance(schema, dict): return
            if re.search(r"(^|\\. )Deprecated\\b", schema.get("description") or ""): found.append("/".join(path))
            if isinstance(node, dict):
                for k, val in node.items(): walk(val, (schema.get("properties") or {}).get(k), path + [k])
            elif isinstance(node, list):
                for i, val in enumerate(node): walk(val, schema.get("items"), path + [str(i)])
        walk(doc, v["schema"]["openAPIV3Schema"], [])
    print("\\n".join(found) or "NONE")
    """

    private func deprecated(_ yaml: String, named name: String, crd: String, in dir: ScratchDirectory) throws -> String {
        try Data(Self.walker.utf8).write(to: dir.url("walk.py"))
        try Data(yaml.utf8).write(to: dir.url(name))
        let run = try Tool.python3.run([dir.url("walk.py").path, Corpus.url(crd).path, dir.url(name).path])
        #expect(run.status == 0, "\(run.output)")
        return run.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test("no generated policy uses a deprecated field or API version", .enabled(if: Corpus.isAvailable, "corpus absent"))
    func none() throws {
        let dir = try ScratchDirectory("deprecated")
        defer { dir.remove() }
        for file in try AdmissionPolicies.files(AdmissionPolicyTests.inputs()) {
            guard let crd = AdmissionPolicyTests.crdFiles[file.fileName] else { continue }
            #expect(try deprecated(file.yaml, named: file.fileName, crd: crd, in: dir) == "NONE", "\(file.fileName)")
        }
    }

    @Test("the walker catches a deprecated field (validationFailureAction) and a deprecated version (v1alpha1)", .enabled(if: Corpus.isAvailable, "corpus absent"))
    func catches() throws {
        let dir = try ScratchDirectory("deprecated")
        defer { dir.remove() }
        let files = try AdmissionPolicies.files(AdmissionPolicyTests.inputs())
        let cluster = try #require(files.first { $0.fileName == "kyverno-clusterpolicy.yaml" })
        let old = cluster.yaml.replacingOccurrences(of: "spec:\n", with: "spec:\n  validationFailureAction: Enforce\n")
        #expect(try deprecated(old, named: "old.yaml", crd: "admission/kyverno.io_clusterpolicies.yaml", in: dir) == "spec/validationFailureAction")
        let ivp = try #require(files.first { $0.fileName == "kyverno-imagevalidatingpolicy.yaml" })
        let alpha = ivp.yaml.replacingOccurrences(of: "policies.kyverno.io/v1beta1", with: "policies.kyverno.io/v1alpha1")
        #expect(try deprecated(alpha, named: "alpha.yaml", crd: "admission/policies.kyverno.io_imagevalidatingpolicies.yaml", in: dir)
                    .hasPrefix("apiVersion policies.kyverno.io/v1alpha1"))
    }
}
