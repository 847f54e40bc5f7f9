public import Foundation
import AirlockCrypto
public import AirlockFormats

/// Verifies Sigstore bundles fully offline against a pinned trust root, in the specification's order
/// (sigstore-go `Verifier.Verify`, client-spec §4): signing material → transparency-log entries →
/// RFC 3161 timestamps → thresholds → certificate chain at every verified time and SCTs (or the
/// managed key's validity) → artifact signature → identity.
///
/// Every step reports checks; nothing throws once the bundle has parsed, so a result lists all
/// that held and all that did not.
public struct SigstoreVerifier: Sendable {
    /// The pinned trust material.
    public let trust: TrustMaterial
    /// Input limits.
    public let limits: Limits

    /// Makes a verifier over prepared trust material.
    public init(trust: TrustMaterial, limits: Limits = .default) {
        self.trust = trust
        self.limits = limits
    }

    /// Verifies `bundle` for `artifact` under `policy`, as of the verification instant `time`.
    public func verify(_ bundle: SigstoreBundle, artifact: ArtifactInput, policy: VerificationPolicy, at time: Date) -> BundleVerificationResult {
        let thresholds = policy.thresholds.resolved(for: trust.root)
        var result = BundleVerificationResult(
            checks: [], signer: nil, logEntries: [], times: [], thresholds: thresholds, verificationTime: time, predicateType: nil)
        let context: SigningContext
        switch SigningMaterialStep.resolve(bundle, artifact: artifact, policy: policy) {
        case .failure(let failure):
            result.checks.append(failure.check)
            return result
        case .success(let (resolved, check)):
            context = resolved
            result.checks.append(check)
        }
        result.signer = signerIdentity(context)

        let tlog = TlogStep.run(context, trust: trust, limits: limits)
        result.checks += tlog.checks
        result.logEntries = tlog.entries
        let timestamps = TimestampStep.run(context, trust: trust)
        result.checks += timestamps.checks
        var times = tlog.times + timestamps.times
        if times.isEmpty, case .key = policy.signer, policy.allowVerificationTimeForKeys {
            times.append(VerifiedTime(time: time, source: .verificationInstant, authority: "verification instant"))
        }
        result.times = times
        result.checks += thresholdChecks(thresholds, logs: tlog.entries, timestamps: timestamps.times.count, times: times.count)

        switch policy.signer {
        case .certificate(let identities):
            if let leaf = context.leaf {
                let chain = CertificateStep.chain(leaf: leaf, times: times, trust: trust)
                result.checks += chain.checks
                result.checks.append(CertificateStep.sct(leaf: leaf, path: chain.path, trust: trust, threshold: thresholds.certificateTransparency))
                result.checks.append(IdentityStep.run(leaf: leaf, identities: identities))
            }
        case .key(let managed):
            result.checks.append(keyValidity(managed, times: times))
        }
        let signature = SignatureStep.run(context, limits: limits)
        result.checks += signature.checks
        result.predicateType = signature.statement?.predicateType
        return result
    }

    private func thresholdChecks(_ thresholds: AppliedThresholds, logs: [VerifiedLogEntry], timestamps: Int, times: Int) -> [CheckResult] {
        var checks: [CheckResult] = []
        let distinctLogs = Set(logs.map(\.logID)).count
        if thresholds.transparencyLogs > 0 || !logs.isEmpty {
            checks.append(distinctLogs >= thresholds.transparencyLogs
                ? .pass("tlog.threshold", "\(distinctLogs) transparency log(s) verified, \(thresholds.transparencyLogs) required")
                : .fail("tlog.threshold", "\(distinctLogs) of \(thresholds.transparencyLogs) required transparency log entries verified"))
        }
        if thresholds.timestamps > 0 || timestamps > 0 {
            checks.append(timestamps >= thresholds.timestamps
                ? .pass("timestamp.threshold", "\(timestamps) RFC 3161 timestamp(s) verified, \(thresholds.timestamps) required")
                : .fail("timestamp.threshold", "\(timestamps) of \(thresholds.timestamps) required RFC 3161 timestamps verified"))
        }
        checks.append(times >= thresholds.observerTimes
            ? .pass("time.sources", "\(times) verified time(s), \(thresholds.observerTimes) required")
            : .fail("time.sources", "not enough sources of verified time: \(times) of \(thresholds.observerTimes) required (a signed entry timestamp or an RFC 3161 timestamp)"))
        return checks
    }

    private func keyValidity(_ key: ManagedKey, times: [VerifiedTime]) -> CheckResult {
        guard let window = key.validFor else {
            return .pass("key.validity", "managed key has no validity window")
        }
        if let outside = times.first(where: { !window.contains($0.time) }) {
            return .fail("key.validity", "signature time \(outside.time) is outside of the public key's validity window")
        }
        return .pass("key.validity", "managed key was valid at every verified time")
    }

    private func signerIdentity(_ context: SigningContext) -> SignerIdentity {
        SignerIdentity(
            subjectAlternativeName: context.leaf.flatMap(IdentityStep.subjectAlternativeName(of:)),
            issuer: context.leaf?.fulcioExtensions.issuer,
            certificateSHA256: context.leaf.map { Hex.encode(Digest.sha256($0.der)) },
            publicKeySHA256: Hex.encode(Digest.sha256(context.key.spkiDER)),
            extensions: context.leaf?.fulcioExtensions.values ?? [:])
    }
}
