import Foundation
import AirlockFormats
import Yams

/// What the admission policies are generated from: the appliance's identity and keys, the site policies
/// whose VSAs are accepted, the digests approved (still valid, not revoked) for the digest allow-list, and
/// the digests of revoked approvals every policy denies.
public struct AdmissionInputs: Sendable, Equatable {
    /// The VSA `verifier.id` the policies require.
    public var applianceID: String
    /// Every public key of the appliance (PEM), current first; a VSA signed by any of them is accepted.
    public var publicKeysPEM: [String]
    /// `sha256:<hex>` digests admitted by the allow-list, sorted.
    public var allowedDigests: [String]
    /// Lowercase hex SHA-256 of every site policy whose VSAs are admitted (`policy.digest.sha256`), sorted;
    /// empty admits nothing.
    public var acceptedPolicyDigests: [String]
    /// `sha256:<hex>` digests of revoked approvals that no active approval covers, sorted: denied by every policy.
    public var deniedDigests: [String]

    /// Makes inputs.
    public init(applianceID: String, publicKeysPEM: [String], allowedDigests: [String], acceptedPolicyDigests: [String] = [],
                deniedDigests: [String] = []) {
        self.applianceID = applianceID
        self.publicKeysPEM = publicKeysPEM
        self.allowedDigests = allowedDigests.sorted()
        self.acceptedPolicyDigests = Array(Set(acceptedPolicyDigests)).sorted()
        self.deniedDigests = Array(Set(deniedDigests)).sorted()
    }
}

/// One generated policy file.
public struct AdmissionPolicyFile: Sendable, Equatable {
    /// The file name inside the output directory.
    public var fileName: String
    /// The YAML text.
    public var yaml: String
}

/// Generates the admission policies the disconnected cluster enforces. Every policy matches all images
/// (fail closed: an image without a valid Airlock VSA is refused), trusts only the appliance's keys and
/// needs no transparency log, CT log or network access.
public enum AdmissionPolicies {
    /// The name every generated policy object carries (`metadata.name`).
    static let policyName = "airlock-require-vsa"
    /// The allow-list policy's name.
    static let allowListName = "airlock-digest-allowlist"

    /// All five files: Kyverno ClusterPolicy, Kyverno ImageValidatingPolicy, sigstore policy-controller
    /// ClusterImagePolicy, the Kyverno digest allow-list, and the Kubernetes ValidatingAdmissionPolicy that
    /// makes every namespace opt in to policy-controller.
    public static func files(_ inputs: AdmissionInputs) throws(ApplianceError) -> [AdmissionPolicyFile] {
        [
            AdmissionPolicyFile(fileName: "kyverno-clusterpolicy.yaml", yaml: try YAMLNodes.render(kyvernoClusterPolicy(inputs))),
            AdmissionPolicyFile(fileName: "kyverno-imagevalidatingpolicy.yaml", yaml: try YAMLNodes.render(kyvernoImageValidatingPolicy(inputs))),
            AdmissionPolicyFile(fileName: "policy-controller-clusterimagepolicy.yaml", yaml: try YAMLNodes.render(clusterImagePolicy(inputs))),
            allowListFile(inputs.allowedDigests),
            try namespaceLabelFile(),
        ]
    }

    /// The digest allow-list alone (regenerated on revoke).
    public static func allowListFile(_ digests: [String]) -> AdmissionPolicyFile {
        // Rendering a tree of plain strings cannot fail; an empty string would be caught by the schema tests.
        AdmissionPolicyFile(fileName: "kyverno-digest-allowlist.yaml",
                            yaml: (try? YAMLNodes.render(digestAllowList(digests.sorted()))) ?? "")
    }

    /// `kyverno.io/v1 ClusterPolicy` with `verifyImages`: every Pod image must carry a VSA attestation
    /// signed by an appliance key, with `verificationResult` PASSED, `verifier.id` the appliance, an
    /// accepted `policy.digest` and the admission instant inside the signed window (Kyverno's JMESPath
    /// `time_now_utc`, `time_after`, `time_before`); a second rule denies revoked digests.
    static func kyvernoClusterPolicy(_ inputs: AdmissionInputs) -> Node {
        typealias Y = YAMLNodes
        let entries = inputs.publicKeysPEM.map { pem in
            Y.map([("keys", Y.map([
                ("publicKeys", Y.block(pem)),
                ("rekor", Y.map([("ignoreTlog", Y.bool(true))])),
                ("ctlog", Y.map([("ignoreSCT", Y.bool(true))])),
            ]))])
        }
        let conditions = Y.map([("all", Y.seq(AdmissionConditions.kyverno(inputs).map(\.node)))])
        let attestation = Y.map([
            ("type", Y.str(VerificationSummaryV1.predicateType)),
            ("attestors", Y.seq([Y.map([("count", Y.int(1)), ("entries", Y.seq(entries))])])),
            ("conditions", Y.seq([conditions])),
        ])
        let verify = Y.map([
            ("imageReferences", Y.seq([Y.str("*")])),
            ("failureAction", Y.str("Enforce")),
            ("mutateDigest", Y.bool(true)),
            ("verifyDigest", Y.bool(true)),
            ("required", Y.bool(true)),
            // No image-verification cache: an expired approval is refused at once, not up to
            // --imageVerifyCacheTTLDuration later (AdmissionCache).
            ("useCache", Y.bool(false)),
            ("attestations", Y.seq([attestation])),
        ])
        let rule = Y.map([
            ("name", Y.str("require-airlock-vsa")),
            ("match", podMatch()),
            ("verifyImages", Y.seq([verify])),
        ])
        let denyRevoked = Y.map([
            ("name", Y.str("deny-revoked-approvals")),
            ("match", podMatch()),
            ("validate", Y.map([
                ("failureAction", Y.str("Enforce")),
                ("message", Y.str("image {{ element.image }} belongs to a revoked Airlock approval")),
                ("foreach", Y.seq([Y.map([
                    ("list", Y.str(containerList)),
                    ("deny", Y.map([("conditions", Y.map([("any", Y.seq([Y.map([
                        ("key", Y.str("{{ element.image }}")),
                        ("operator", Y.str("AnyIn")),
                        ("value", Y.seq(inputs.deniedDigests.map { Y.str("*@\($0)") })),
                    ])]))]))])),
                ])])),
            ])),
        ])
        return Y.map([
            ("apiVersion", Y.str("kyverno.io/v1")),
            ("kind", Y.str("ClusterPolicy")),
            ("metadata", metadata(policyName)),
            ("spec", Y.map([
                ("background", Y.bool(false)),
                ("webhookConfiguration", Y.map([("timeoutSeconds", Y.int(30))])),
                ("rules", Y.seq([rule, denyRevoked])),
            ])),
        ])
    }

    /// Every container list of a Pod, as a Kyverno JMESPath `foreach` list.
    static let containerList = "request.object.spec.[ephemeralContainers, initContainers, containers][]"

    /// `kyverno.io/v1 ClusterPolicy` that admits a Pod only when every container image is pinned to an
    /// approved digest (`repo@sha256:…`). An empty list admits nothing.
    static func digestAllowList(_ digests: [String]) -> Node {
        typealias Y = YAMLNodes
        let deny = Y.map([("conditions", Y.map([("all", Y.seq([Y.map([
            ("key", Y.str("{{ element.image }}")),
            ("operator", Y.str("AnyNotIn")),
            ("value", Y.seq(digests.map { Y.str("*@\($0)") })),
        ])]))]))])
        let rule = Y.map([
            ("name", Y.str("approved-digests-only")),
            ("match", podMatch()),
            ("validate", Y.map([
                ("failureAction", Y.str("Enforce")),
                ("message", Y.str("image {{ element.image }} is not pinned to a digest approved by Airlock")),
                ("foreach", Y.seq([Y.map([
                    ("list", Y.str(containerList)),
                    ("deny", deny),
                ])])),
            ])),
        ])
        return Y.map([
            ("apiVersion", Y.str("kyverno.io/v1")),
            ("kind", Y.str("ClusterPolicy")),
            ("metadata", metadata(allowListName)),
            ("spec", Y.map([("background", Y.bool(true)), ("rules", Y.seq([rule]))])),
        ])
    }

    static func metadata(_ name: String) -> Node {
        YAMLNodes.map([
            ("name", YAMLNodes.str(name)),
            ("annotations", YAMLNodes.map([("airlock.dev/generated-by", YAMLNodes.str("airlock approve"))])),
        ])
    }

    private static func podMatch() -> Node {
        YAMLNodes.map([("any", YAMLNodes.seq([YAMLNodes.map([("resources", YAMLNodes.map([("kinds", YAMLNodes.seq([YAMLNodes.str("Pod")]))]))])]))])
    }

}
