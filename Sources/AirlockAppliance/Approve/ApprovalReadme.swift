/// The README written into an approval's output directory: what each file is and how to apply it.
enum ApprovalReadme {
    static func text(_ report: ApprovalReport, copies: [RegistryCopy]) -> String {
        let images = report.images.map { "- `\($0.name)` — `\($0.digest)` (verdict `\($0.verdictID.prefix(16))`)" }.joined(separator: "\n")
        let missing = report.missingBlobs.isEmpty ? "" : """

            **Note:** the appliance's store did not hold \(report.missingBlobs.count) blob(s) these images reference
            (listed in `approval.json` under `missingBlobs`); push those from another source before copying.

            """
        return """
            # Airlock approval \(report.id)

            Approved \(report.createdAt) by \(report.approver)\(report.expiresAt.map { ", valid until \($0)" } ?? ""), signed by
            appliance `\(report.applianceID)` with key `\(report.keyID)` under policy `\(report.policy.uri)`
            (sha256 `\(report.policy.sha256)`).

            \(images)
            \(missing)
            ## Files

            | file | what it is |
            |---|---|
            | `approval.intoto.json` | the signed approval manifest: a DSSE envelope holding an in-toto Statement v1 over every image above, with a SLSA Verification Summary v1 predicate |
            | `approval.sigstore.json` | the same envelope as a Sigstore bundle v0.3 (`publicKey.hint` = the key id) |
            | `vsa/sha256-<hex>.intoto.json`, `.sigstore.json` | one VSA per image, for per-image admission checks |
            | `appliance.pub.pem` | every public key the appliance trusts (PEM blocks, the current signing key first; rotated keys until distrusted): the only thing the cluster needs to check all of the above |
            | `policies/*.yaml` | admission policies (below) |
            | `oci/` | an OCI image layout with the images and each VSA attached as a cosign `.att` tag and as an OCI 1.1 referrer |
            | `approval.json` | this approval's record (unsigned; the signed facts are in the manifest) |

            ## Check the signatures

            On the appliance: `airlock approvals verify approval.sigstore.json` (or any `vsa/` file).
            Anywhere, with only the public key (OpenSSL; the signature covers the DSSE pre-authentication
            encoding `DSSEv1 <len(type)> <type> <len(payload)> <payload>`):

            ```
            jq -r .payload approval.intoto.json | base64 -d > payload.json
            printf 'DSSEv1 28 application/vnd.in-toto+json %d ' "$(stat -c %s payload.json)" | cat - payload.json > pae.bin
            jq -r '.signatures[0].sig' approval.intoto.json | base64 -d > sig.der
            openssl dgst -sha256 -verify appliance.pub.pem -signature sig.der pae.bin     # ECDSA P-256 keys
            ```

            `appliance.pub.pem` may hold several keys; openssl and cosign read the first, the current signing key. For an
            approval signed before a rotation, split the file (`csplit -z appliance.pub.pem '/-----BEGIN/' '{*}'`) and use
            its block.

            For an Ed25519 key: `openssl pkeyutl -verify -pubin -inkey appliance.pub.pem -rawin -in pae.bin -sigfile sig.der`.
            After copying into the registry, cosign checks the attached VSA with the same key:
            `cosign verify-attestation --key appliance.pub.pem --insecure-ignore-tlog --type https://slsa.dev/verification_summary/v1 <registry>/<repo>@<digest>`.

            ## Copy the images and attestations into the internal registry

            Set `REGISTRY` to your registry (`host[:port]`) and run, from this directory, every line below (skopeo 1.9+;
            add `--dest-tls-verify=false` for a plain-HTTP registry). Each approved image goes to its repository path (without
            the registry it came from: `ghcr.io/org/app:1.0` becomes `$REGISTRY/org/app:1.0`) and tag,
            its cosign attestation to `<repo>:sha256-<hex>.att`, and its OCI 1.1 referrer (the VSA as a Sigstore bundle)
            by its own digest, which a registry with the referrers API links to the image through the referrer's
            `subject`. `--preserve-digests` makes skopeo fail rather than re-encode: the digests the VSAs name must
            arrive unchanged. (`oras cp -r --from-oci-layout oci@<digest> <registry>/<repo>:<tag>` copies an image with
            its referrers as well.)

            ```
            REGISTRY=registry.example:5000
            \(copies.map(\.copyCommand).joined(separator: "\n"))
            ```

            ## Apply one admission policy

            Every policy matches all images (fail closed), trusts only the appliance's keys and needs no
            transparency log, CT log or network access.

            - Kyverno (ClusterPolicy): `kubectl apply -f policies/kyverno-clusterpolicy.yaml` — requires a VSA
              attestation with `verificationResult: PASSED` from this appliance, decided under an accepted site policy,
              with the admission instant inside its signed `validFrom`/`validUntil`, on every Pod image.
            - Kyverno ImageValidatingPolicy (CEL, `policies.kyverno.io/v1beta1`; needs a Kyverno whose CEL environment has
              the `kyverno.time` library, `time.now()`): `kubectl apply -f policies/kyverno-imagevalidatingpolicy.yaml` instead
              of the ClusterPolicy. It matches `pods` and `pods/ephemeralcontainers` (`kubectl debug`), but Kyverno 1.18 does
              not evaluate an ImageValidatingPolicy's validations on `pods/ephemeralcontainers` requests (kyverno/kyverno
              issues 16275 and 16947, fixed by pull requests 16663, milestone 1.19.0, and 17427) and before 1.19 trusted a
              mutable annotation (issue 16336): use a release with both fixes, or the ClusterPolicy.
            - Sigstore policy-controller: `kubectl apply -f policies/policy-controller-clusterimagepolicy.yaml`, and label
              namespaces `policy.sigstore.dev/include=true`; with it, `kubectl apply -f policies/namespace-require-sigstore-include.yaml`
              (Kubernetes 1.30+, no extra controller) so no namespace can be created, or updated, without that label.
            - Digest allow-list only (no attestation lookups): `kubectl apply -f policies/kyverno-digest-allowlist.yaml` —
              admits Pods whose every image is pinned `@sha256:` to a digest with an active approval. Regenerate it with
              `airlock approvals allow-list` when an approval expires.

            Every VSA carries its validity window inside what is signed, so the three attestation policies refuse an
            expired approval by themselves. `airlock revoke` regenerates all five files (each attestation policy and the
            allow-list then denies the revoked digests) and prints which to re-apply.

            ## What the policies do not cover

            - Kyverno skips the namespaces its own configuration excludes: by default the `resourceFilters` of the `kyverno`
              ConfigMap exclude `kube-system`, `kube-public`, `kube-node-lease` and Kyverno's own namespace (`kyverno`), and
              `excludeGroups` excludes `system:nodes`. Read the lists of your installation with
              `kubectl -n kyverno get configmap kyverno -o yaml`. A Pod created there is not checked.
            - RBAC closes those namespaces: only cluster administrators may create Pods, or workloads that create Pods
              (Deployments, DaemonSets, Jobs…), in `kube-system` and the Kyverno namespace; check with
              `kubectl auth can-i create pods -n kube-system --as=<user>` for every other user and service account.
            - Sigstore policy-controller only enforces in namespaces labelled `policy.sigstore.dev/include=true`; a namespace
              without the label is not checked. The companion `policies/namespace-require-sigstore-include.yaml` refuses a
              Namespace without the label, except \(AdmissionPolicies.namespaceLabelExemptions.map { "`\($0)`" }.joined(separator: ", ")),
              which stay unchecked and must be closed by RBAC as above.
            - Verification caches, policy by policy (`airlock revoke` prints the same):
            \(AdmissionCache.lines.map { "  - " + $0 }.joined(separator: "\n"))
            - Admission checks Pods when they are created: Pods already running are not stopped when an approval expires or
              is revoked.

            """
    }
}
