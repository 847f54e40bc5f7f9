import Foundation
import Testing
import AirlockTestKit

/// Runs the generated admission policies through evaluators that share nothing with Airlock: Python
/// `jmespath` (Kyverno ClusterPolicy), `cel-python` (ImageValidatingPolicy) and `regopy` (policy-controller
/// Rego). `tools/bootstrap` installs them. The script's docstring lists every adaptation it makes.
enum AdmissionEvaluator {
    /// The outcome under one policy kind.
    struct Outcome: Decodable, Equatable {
        let admitted: Bool
        let reasons: [String]
    }

    /// Evaluates every policy in `policies/` for `statement` (the signed in-toto Statement), `image` and `now`.
    static func evaluate(policies: URL, statement: Data, image: String, now: String, in dir: ScratchDirectory) throws -> [String: Outcome] {
        let script = dir.url("admit.py"), input = dir.url("statement-\(UUID().uuidString).json")
        try Data(Self.script.utf8).write(to: script)
        try statement.write(to: input)
        let run = try Tool.python3.run([script.path, policies.path, input.path, image, now])
        #expect(run.status == 0, "\(run.output)")
        return try JSONDecoder().decode([String: Outcome].self, from: Data(run.output.utf8))
    }

    static let script = #"""
"""Independent evaluation of Airlock's generated admission policies on one VSA, one image and one instant.

Usage: admit.py POLICY_DIR STATEMENT_JSON IMAGE NOW_RFC3339  ->  JSON {kind: {"admitted": bool, "reasons": [...]}}

Shares no code with Airlock. Signature checks are the controllers' own (cosign) and are not re-run here:
this evaluates what each policy asks of the *signed statement*.

- Kyverno ClusterPolicy: each attestation condition's JMESPath key with python `jmespath`. Kyverno's
  custom functions are not in stock jmespath, so equivalents of `time_now_utc` (returns NOW), `time_before`
  and `time_after` (RFC 3339, as Go's time.Parse) are registered here; `Equals` and `AnyIn` (with Kyverno's
  `*` wildcards) are applied as Kyverno documents them. The deny rule's foreach runs over the one image.
- Kyverno ImageValidatingPolicy: every validation after the signature one, with `cel-python`;
  `extractPayload` returns the statement; Kyverno's CEL time library's `time.now()` (a timestamp) is
  written `timestamp('NOW')`, since cel-python has no namespaced functions; `timestamp()` and timestamp
  comparison are standard CEL.
- policy-controller ClusterImagePolicy: the Rego with `regopy` (rego-cpp). Two documented adaptations:
  `time.now_ns()` is replaced by NOW in nanoseconds, and rego-cpp's `time.parse_rfc3339_ns` does not
  accept a `Z` suffix (OPA does), so `Z` timestamps in the input are written as `+00:00`.
"""
import datetime, fnmatch, json, re, sys
import yaml, jmespath, celpy
from jmespath import functions
from regopy import Interpreter, Input

policy_dir, statement_path, image, now = sys.argv[1:5]
statement = json.load(open(statement_path))
predicate = statement["predicate"]


def parse(ts):
    return datetime.datetime.fromisoformat(ts.replace("Z", "+00:00"))


class KyvernoFunctions(functions.Functions):
    @functions.signature()
    def _func_time_now_utc(self):
        return now

    @functions.signature({"types": ["string"]}, {"types": ["string"]})
    def _func_time_before(self, a, b):
        return parse(a) < parse(b)

    @functions.signature({"types": ["string"]}, {"types": ["string"]})
    def _func_time_after(self, a, b):
        return parse(a) > parse(b)


OPTIONS = jmespath.Options(custom_functions=KyvernoFunctions())


def kyverno_key(key, context):
    expression = re.fullmatch(r"\{\{\s*(.*?)\s*\}\}", key).group(1)
    return jmespath.search(expression, context, options=OPTIONS)


def kyverno_holds(condition, context):
    try:
        key = kyverno_key(condition["key"], context)
    except Exception as error:  # Kyverno fails a condition whose key cannot be evaluated
        return False
    op, value = condition["operator"], condition["value"]
    if op == "Equals":
        return key == value
    if op == "AnyIn":
        keys = key if isinstance(key, list) else [key]
        return any(isinstance(k, str) and any(fnmatch.fnmatchcase(k, v) for v in value) for k in keys)
    raise ValueError("operator " + op)


def cluster_policy(doc):
    reasons = []
    verify, deny = doc["spec"]["rules"][0], doc["spec"]["rules"][1]
    attestation = verify["verifyImages"][0]["attestations"][0]
    for condition in attestation["conditions"][0]["all"]:
        if not kyverno_holds(condition, predicate):
            reasons.append(condition["message"])
    for condition in deny["validate"]["foreach"][0]["deny"]["conditions"]["any"]:
        if kyverno_holds(condition, {"element": {"image": image}}):
            reasons.append(deny["validate"]["message"])
    return reasons


def cel_value(text):
    return celpy.json_to_cel(text)


def image_validating_policy(doc):
    env = celpy.Environment()
    funcs = {
        "extractPayload": lambda img, att: celpy.json_to_cel(statement),
    }
    activation = {"variables": celpy.json_to_cel({"podImages": [image]}), "attestations": celpy.json_to_cel({"vsa": "vsa"})}
    reasons = []
    for validation in doc["spec"]["validations"][1:]:
        expression = validation["expression"].replace("time.now()", "timestamp('" + now + "')")
        program = env.program(env.compile(expression), functions=funcs)
        result = program.evaluate(activation)
        if result is not True and not (isinstance(result, celpy.celtypes.BoolType) and bool(result)):
            reasons.append(validation["message"])
    return reasons


def cluster_image_policy(doc):
    rego = doc["spec"]["authorities"][0]["attestations"][0]["policy"]["data"]
    nanos = int(parse(now).timestamp()) * 1_000_000_000
    rego = rego.replace("time.now_ns()", str(nanos))
    zoned = json.loads(re.sub(r'"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)Z"', r'"\1+00:00"', json.dumps(statement)))
    interpreter = Interpreter()
    interpreter.add_module("airlock", rego)
    interpreter.set_input(Input(zoned))
    # Query the package document: rego-cpp answers `undefined` for a query whose value is false.
    result = str(interpreter.query("data.sigstore"))
    try:
        verdict = json.loads(result)["expressions"][0]["isCompliant"]
    except Exception:
        raise RuntimeError("rego did not evaluate: " + result)
    if verdict is True:
        return []
    document = json.loads(result)["expressions"][0]
    named = [name for name, bad in [("policy not accepted", not document.get("policy_accepted")),
                                    ("not started", not document.get("started")),
                                    ("expired", document.get("expired")), ("revoked", document.get("revoked"))] if bad]
    return named or ["isCompliant is false"]


def load(name):
    return yaml.safe_load(open(policy_dir + "/" + name))


out = {}
for kind, name, evaluate in [
    ("ClusterPolicy", "kyverno-clusterpolicy.yaml", cluster_policy),
    ("ImageValidatingPolicy", "kyverno-imagevalidatingpolicy.yaml", image_validating_policy),
    ("ClusterImagePolicy", "policy-controller-clusterimagepolicy.yaml", cluster_image_policy),
]:
    reasons = evaluate(load(name))
    out[kind] = {"admitted": not reasons, "reasons": reasons}
print(json.dumps(out, sort_keys=True))
"""#
}
