/// How long an admission controller may keep admitting after an approval expires or is revoked because it
/// cached an earlier verification, for each generated policy (what `revoke` and the README state).
///
/// - Kyverno ClusterPolicy: the rule sets `useCache: false`, so no image-verification result is reused.
///   (Kyverno's cache key is policy UID, resourceVersion, rule and image: `pkg/imageverifycache/client.go`,
///   so re-applying a changed policy would miss it anyway; the TTL flag is `--imageVerifyCacheTTLDuration`.)
/// - Kyverno ImageValidatingPolicy: image data is fetched per admission request and not kept across
///   requests (`pkg/imageverification/imagedataloader/context.go`).
/// - policy-controller: caches results only when a result cache is put in the request context (none means
///   `NoCache`: `pkg/webhook/cache.go`); its LRU cache is keyed by image, policy UID and resourceVersion and
///   expires entries after a TTL (`pkg/webhook/lrucache.go`).
public enum AdmissionCache {
    /// The delay after the regenerated policies are applied before a revoked digest is refused: none, since
    /// every changed policy gets a new resourceVersion and the ClusterPolicy does not cache at all.
    public static let revocationDelaySeconds = 0

    /// One line per policy kind, stating the cache delay.
    public static let lines = [
        "Kyverno ClusterPolicy: useCache: false, so nothing is cached; a revocation or an expiry applies to the next admission.",
        "Kyverno ImageValidatingPolicy: no cache across admission requests; a revocation or an expiry applies to the next admission.",
        "Sigstore policy-controller: caches results only when its result cache is enabled (not by default); entries are keyed by the policy's resourceVersion, so re-applying the regenerated policy ends cached admissions of revoked digests at once, but an expired approval can still be admitted until a cached entry's TTL runs out (one hour in the upstream design; check the webhook's cache flags).",
        "Kyverno digest allow-list and namespace policy: plain validation, never cached.",
    ]
}
