import Foundation
import Testing
import AirlockAppliance
import AirlockTestKit

/// The companion ValidatingAdmissionPolicy that closes policy-controller's opt-in gap: checked against a
/// JSON schema written from the Kubernetes API reference (admissionregistration.k8s.io/v1; the corpus
/// holds no schema for these built-in kinds) and evaluated with cel-python, which shares nothing with Airlock.
@Suite struct NamespacePolicyTests {
    static let fileName = "namespace-require-sigstore-include.yaml"

    /// The fields of ValidatingAdmissionPolicy / ValidatingAdmissionPolicyBinding v1 the file may use, from
    /// the Kubernetes API reference; unknown members are refused so a misspelt field is caught.
    static let schema = #"""
    {"definitions": {
      "meta": {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}, "annotations": {"type": "object"}, "labels": {"type": "object"}}},
      "rule": {"type": "object", "additionalProperties": false, "properties": {
        "apiGroups": {"type": "array", "items": {"type": "string"}}, "apiVersions": {"type": "array", "items": {"type": "string"}},
        "operations": {"type": "array", "items": {"enum": ["*", "CREATE", "UPDATE", "DELETE", "CONNECT"]}},
        "resources": {"type": "array", "items": {"type": "string"}}, "resourceNames": {"type": "array", "items": {"type": "string"}},
        "scope": {"enum": ["*", "Cluster", "Namespaced"]}}},
      "match": {"type": "object", "additionalProperties": false, "properties": {
        "namespaceSelector": {"type": "object"}, "objectSelector": {"type": "object"},
        "resourceRules": {"type": "array", "items": {"$ref": "#/definitions/rule"}},
        "excludeResourceRules": {"type": "array", "items": {"$ref": "#/definitions/rule"}},
        "matchPolicy": {"enum": ["Exact", "Equivalent"]}}},
      "named": {"type": "object", "required": ["name", "expression"], "additionalProperties": false,
                "properties": {"name": {"type": "string"}, "expression": {"type": "string"}}}},
     "oneOf": [
      {"type": "object", "required": ["apiVersion", "kind", "metadata", "spec"], "additionalProperties": false, "properties": {
        "apiVersion": {"const": "admissionregistration.k8s.io/v1"}, "kind": {"const": "ValidatingAdmissionPolicy"},
        "metadata": {"$ref": "#/definitions/meta"},
        "spec": {"type": "object", "required": ["matchConstraints"], "additionalProperties": false, "properties": {
          "failurePolicy": {"enum": ["Ignore", "Fail"]}, "paramKind": {"type": "object"},
          "matchConstraints": {"allOf": [{"$ref": "#/definitions/match"}, {"required": ["resourceRules"]}]},
          "matchConditions": {"type": "array", "items": {"$ref": "#/definitions/named"}},
          "variables": {"type": "array", "items": {"$ref": "#/definitions/named"}},
          "auditAnnotations": {"type": "array", "items": {"type": "object"}},
          "validations": {"type": "array", "items": {"type": "object", "required": ["expression"], "additionalProperties": false, "properties": {
            "expression": {"type": "string"}, "message": {"type": "string"}, "messageExpression": {"type": "string"},
            "reason": {"enum": ["Unauthorized", "Forbidden", "Invalid", "RequestEntityTooLarge"]}}}}}}}},
      {"type": "object", "required": ["apiVersion", "kind", "metadata", "spec"], "additionalProperties": false, "properties": {
        "apiVersion": {"const": "admissionregistration.k8s.io/v1"}, "kind": {"const": "ValidatingAdmissionPolicyBinding"},
        "metadata": {"$ref": "#/definitions/meta"},
        "spec": {"type": "object", "required": ["policyName", "validationActions"], "additionalProperties": false, "properties": {
          "policyName": {"type": "string"}, "paramRef": {"type": "object"}, "matchResources": {"$ref": "#/definitions/match"},
          "validationActions": {"type": "array", "minItems": 1, "items": {"enum": ["Deny", "Warn", "Audit"]}}}}}}]}
    """#

    /// Validates every document of the file; prints `VALID <kinds>` or the first error.
    static let validator = """
    import sys, json, yaml, jsonschema
    schema = json.load(open(sys.argv[1]))
    docs = list(yaml.safe_load_all(open(sys.argv[2])))
    for doc in docs:
        errors = list(jsonschema.Draft7Validator(schema).iter_errors(doc))
        if errors:
            best = jsonschema.exceptions.best_match(errors)
            ctx = [c.message[:200] for c in best.context] if best.context else []
            print("INVALID", doc.get("kind"), best.message[:200], ctx); sys.exit(1)
    names = [d["metadata"]["name"] for d in docs]
    assert docs[1]["spec"]["policyName"] == docs[0]["metadata"]["name"], "binding names another policy"
    rules = docs[0]["spec"]["matchConstraints"]["resourceRules"]
    print("VALID", ",".join(d["kind"] for d in docs), json.dumps(rules))
    """

    /// Evaluates the policy's validation expression on a Namespace object (JSON in argv[2]) with cel-python.
    static let evaluator = """
    import sys, json, yaml, celpy
    docs = list(yaml.safe_load_all(open(sys.argv[1])))
    policy = [d for d in docs if d["kind"] == "ValidatingAdmissionPolicy"][0]
    refused = []
    for v in policy["spec"]["validations"]:
        env = celpy.Environment()
        result = env.program(env.compile(v["expression"])).evaluate({"object": celpy.json_to_cel(json.loads(sys.argv[2]))})
        if not bool(result):
            refused.append(v["message"])
    print("ADMITTED" if not refused else "REFUSED " + "; ".join(refused))
    """

    private func file() throws -> AdmissionPolicyFile {
        let inputs = AdmissionInputs(applianceID: "https://airlock.example/a", publicKeysPEM: ["PEM"], allowedDigests: [])
        return try #require(try AdmissionPolicies.files(inputs).first { $0.fileName == Self.fileName })
    }

    private func validate(_ yaml: String, in dir: ScratchDirectory) throws -> CommandResult {
        try Data(Self.schema.utf8).write(to: dir.url("schema.json"))
        try Data(Self.validator.utf8).write(to: dir.url("validate.py"))
        try Data(yaml.utf8).write(to: dir.url(Self.fileName))
        return try Tool.python3.run([dir.url("validate.py").path, dir.url("schema.json").path, dir.url(Self.fileName).path])
    }

    private func admit(_ namespace: [String: Any], in dir: ScratchDirectory) throws -> String {
        try Data(Self.evaluator.utf8).write(to: dir.url("cel.py"))
        try Data(try file().yaml.utf8).write(to: dir.url(Self.fileName))
        let object = String(decoding: try JSONSerialization.data(withJSONObject: namespace), as: UTF8.self)
        let run = try Tool.python3.run([dir.url("cel.py").path, dir.url(Self.fileName).path, object])
        #expect(run.status == 0, "\(run.output)")
        return run.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func namespace(_ name: String, labels: [String: String]? = nil) -> [String: Any] {
        var metadata: [String: Any] = ["name": name]
        if let labels { metadata["labels"] = labels }
        return ["apiVersion": "v1", "kind": "Namespace", "metadata": metadata]
    }

    @Test("the policy and its binding are admissionregistration.k8s.io/v1, valid, bound, and match Namespace CREATE and UPDATE",
          .enabled(if: Tool.python3.isAvailable, "python3 is not installed"))
    func schemaValid() throws {
        let dir = try ScratchDirectory("approve")
        defer { dir.remove() }
        let run = try validate(try file().yaml, in: dir)
        #expect(run.status == 0 && run.output.hasPrefix("VALID ValidatingAdmissionPolicy,ValidatingAdmissionPolicyBinding"), "\(run.output)")
        #expect(run.output.contains(#""operations": ["CREATE", "UPDATE"], "resources": ["namespaces"]"#), "\(run.output)")
    }

    @Test("the schema check catches a misspelt field (it is not a rubber stamp)", .enabled(if: Tool.python3.isAvailable, "python3 is not installed"))
    func schemaCatchesMistakes() throws {
        let dir = try ScratchDirectory("approve")
        defer { dir.remove() }
        let run = try validate(try file().yaml.replacingOccurrences(of: "validationActions:", with: "validationAction:"), in: dir)
        #expect(run.status != 0)
        #expect(run.output.contains("INVALID ValidatingAdmissionPolicyBinding"), "\(run.output)")
    }

    @Test("cel-python: a labelled namespace and an exempt system namespace are admitted",
          .enabled(if: Tool.python3.isAvailable, "python3 is not installed"))
    func admitted() throws {
        let dir = try ScratchDirectory("approve")
        defer { dir.remove() }
        #expect(try admit(Self.namespace("payments", labels: [AdmissionPolicies.sigstoreIncludeLabel: "true", "team": "a"]), in: dir) == "ADMITTED")
        for name in AdmissionPolicies.namespaceLabelExemptions {
            #expect(try admit(Self.namespace(name), in: dir) == "ADMITTED", "\(name)")
        }
        #expect(AdmissionPolicies.namespaceLabelExemptions.contains("kube-system"))
    }

    @Test("cel-python: a namespace without the label, with other labels only, or with the label not \"true\" is refused, with the reason",
          .enabled(if: Tool.python3.isAvailable, "python3 is not installed"))
    func refused() throws {
        let dir = try ScratchDirectory("approve")
        defer { dir.remove() }
        let expected = "REFUSED " + AdmissionPolicies.namespaceLabelMessage
        #expect(expected.contains("policy.sigstore.dev/include=true"))
        #expect(try admit(Self.namespace("payments"), in: dir) == expected)
        // An UPDATE removing the label is the same object check on the new object.
        #expect(try admit(Self.namespace("payments", labels: ["team": "a"]), in: dir) == expected)
        #expect(try admit(Self.namespace("payments", labels: [AdmissionPolicies.sigstoreIncludeLabel: "false"]), in: dir) == expected)
        #expect(try admit(Self.namespace("kube-systemx"), in: dir) == expected)
    }
}
