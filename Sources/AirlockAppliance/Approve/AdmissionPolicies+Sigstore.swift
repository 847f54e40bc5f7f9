import AirlockFormats
import Yams
import Foundation

extension AdmissionPolicies {
    /// `policies.kyverno.io/v1beta1 ImageValidatingPolicy`: the CEL equivalent of the ClusterPolicy (also on
    /// `pods/ephemeralcontainers`, so `kubectl debug` cannot bring in an unapproved image).
    /// One cosign attestor per appliance key, transparency log and SCT checks off (nothing to reach).
    static func kyvernoImageValidatingPolicy(_ inputs: AdmissionInputs) -> Node {
        typealias Y = YAMLNodes
        let names = inputs.publicKeysPEM.indices.map { "airlock\($0)" }
        let attestors = zip(names, inputs.publicKeysPEM).map { name, pem in
            Y.map([("name", Y.str(name)), ("cosign", Y.map([
                ("key", Y.map([("data", Y.block(pem))])),
                ("ctlog", Y.map([("insecureIgnoreTlog", Y.bool(true)), ("insecureIgnoreSCT", Y.bool(true))])),
            ]))])
        }
        let attestorList = "[" + names.map { "attestors.\($0)" }.joined(separator: ", ") + "]"
        let validations = [
            Y.map([
                ("expression", Y.str("variables.podImages.map(image, verifyAttestationSignatures(image, attestations.vsa, \(attestorList))).all(e, e > 0)")),
                ("message", Y.str("every image needs a VSA attestation signed by this Airlock appliance")),
            ]),
        ] + AdmissionConditions.cel(inputs).map { Y.map([("expression", Y.str($0.expression)), ("message", Y.str($0.message))]) }
        let podImages = "images.containers + (has(images.initContainers) ? images.initContainers : []) + (has(images.ephemeralContainers) ? images.ephemeralContainers : [])"
        return Y.map([
            ("apiVersion", Y.str("policies.kyverno.io/v1beta1")),
            ("kind", Y.str("ImageValidatingPolicy")),
            ("metadata", metadata(policyName)),
            ("spec", Y.map([
                ("validationActions", Y.seq([Y.str("Deny")])),
                ("matchConstraints", Y.map([("resourceRules", Y.seq([Y.map([
                    ("apiGroups", Y.seq([Y.str("")])),
                    ("apiVersions", Y.seq([Y.str("v1")])),
                    ("operations", Y.seq([Y.str("CREATE"), Y.str("UPDATE")])),
                    ("resources", Y.seq([Y.str("pods"), Y.str("pods/ephemeralcontainers")])),
                ])]))])),
                ("matchImageReferences", Y.seq([Y.map([("glob", Y.str("*"))])])),
                ("validationConfigurations", Y.map([("required", Y.bool(true)), ("mutateDigest", Y.bool(true)), ("verifyDigest", Y.bool(true))])),
                ("attestors", Y.seq(attestors)),
                ("attestations", Y.seq([Y.map([("name", Y.str("vsa")), ("intoto", Y.map([("type", Y.str(VerificationSummaryV1.predicateType))]))])])),
                ("variables", Y.seq([Y.map([("name", Y.str("podImages")), ("expression", Y.str(podImages))])])),
                ("validations", Y.seq(validations)),
            ])),
        ])
    }

    /// `policy.sigstore.dev/v1beta1 ClusterImagePolicy` for sigstore policy-controller: one key authority
    /// per appliance key (any may match), no `ctlog` (no transparency log is consulted), and a Rego policy
    /// on the VSA attestation (CUE has no clock, so the validity window needs Rego's `time.now_ns`).
    static func clusterImagePolicy(_ inputs: AdmissionInputs) -> Node {
        typealias Y = YAMLNodes
        let authorities = inputs.publicKeysPEM.enumerated().map { index, pem in
            Y.map([
                ("name", Y.str("airlock-key-\(index)")),
                ("key", Y.map([("data", Y.block(pem))])),
                ("attestations", Y.seq([Y.map([
                    ("name", Y.str("airlock-vsa")),
                    ("predicateType", Y.str(VerificationSummaryV1.predicateType)),
                    ("policy", Y.map([("type", Y.str("rego")), ("data", Y.block(AdmissionConditions.rego(inputs)))])),
                ])])),
            ])
        }
        return Y.map([
            ("apiVersion", Y.str("policy.sigstore.dev/v1beta1")),
            ("kind", Y.str("ClusterImagePolicy")),
            ("metadata", metadata(policyName)),
            ("spec", Y.map([
                ("mode", Y.str("enforce")),
                ("images", Y.seq([Y.map([("glob", Y.str("**"))])])),
                ("authorities", Y.seq(authorities)),
            ])),
        ])
    }
}
