import Yams

extension AdmissionPolicies {
    /// policy-controller's opt-in label: it enforces only in namespaces carrying `policy.sigstore.dev/include: "true"`.
    public static let sigstoreIncludeLabel = "policy.sigstore.dev/include"

    /// Namespaces the companion policy lets exist without the opt-in label: the Kubernetes system namespaces
    /// and policy-controller's own (`cosign-system`), whose webhook must not depend on itself to start.
    public static let namespaceLabelExemptions = ["kube-system", "kube-public", "kube-node-lease", "cosign-system"]

    /// The companion policy's name (`metadata.name` of the policy and its binding).
    static let namespaceLabelPolicyName = "airlock-require-sigstore-include"

    /// The CEL expression the companion policy validates a Namespace with: an exempt name, or the opt-in
    /// label set to `"true"`. Evaluated on every CREATE and UPDATE, so removing the label is refused too.
    public static let namespaceLabelExpression =
        "object.metadata.name in [" + namespaceLabelExemptions.map { "'\($0)'" }.joined(separator: ", ") + "] || "
        + "(has(object.metadata.labels) && '\(sigstoreIncludeLabel)' in object.metadata.labels && "
        + "object.metadata.labels['\(sigstoreIncludeLabel)'] == 'true')"

    /// The message a refused Namespace gets.
    public static let namespaceLabelMessage =
        "every namespace must carry the label \(sigstoreIncludeLabel)=true so Sigstore policy-controller enforces the Airlock policy in it"

    /// The companion to the policy-controller policy: a native Kubernetes `ValidatingAdmissionPolicy` and its
    /// `ValidatingAdmissionPolicyBinding` (`admissionregistration.k8s.io/v1`, Kubernetes 1.30+, no extra
    /// controller) refusing to create or update a Namespace without the opt-in label, except
    /// `namespaceLabelExemptions`. Two YAML documents in one file.
    static func namespaceLabelFile() throws(ApplianceError) -> AdmissionPolicyFile {
        typealias Y = YAMLNodes
        let policy = Y.map([
            ("apiVersion", Y.str("admissionregistration.k8s.io/v1")),
            ("kind", Y.str("ValidatingAdmissionPolicy")),
            ("metadata", metadata(namespaceLabelPolicyName)),
            ("spec", Y.map([
                ("failurePolicy", Y.str("Fail")),
                ("matchConstraints", Y.map([("resourceRules", Y.seq([Y.map([
                    ("apiGroups", Y.seq([Y.str("")])),
                    ("apiVersions", Y.seq([Y.str("v1")])),
                    ("operations", Y.seq([Y.str("CREATE"), Y.str("UPDATE")])),
                    ("resources", Y.seq([Y.str("namespaces")])),
                ])]))])),
                ("validations", Y.seq([Y.map([
                    ("expression", Y.str(namespaceLabelExpression)),
                    ("message", Y.str(namespaceLabelMessage)),
                    ("reason", Y.str("Forbidden")),
                ])])),
            ])),
        ])
        let binding = Y.map([
            ("apiVersion", Y.str("admissionregistration.k8s.io/v1")),
            ("kind", Y.str("ValidatingAdmissionPolicyBinding")),
            ("metadata", metadata(namespaceLabelPolicyName)),
            ("spec", Y.map([
                ("policyName", Y.str(namespaceLabelPolicyName)),
                ("validationActions", Y.seq([Y.str("Deny")])),
            ])),
        ])
        return AdmissionPolicyFile(fileName: "namespace-require-sigstore-include.yaml",
                                   yaml: try Y.render(policy) + "---\n" + Y.render(binding))
    }
}
