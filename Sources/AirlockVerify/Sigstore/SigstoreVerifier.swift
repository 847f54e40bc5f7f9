public import Foundation
import AirlockCrypto
public import AirlockFormats

/// Verifies Sigstore bundles fully offline against a pinned trust root, in the specification's order
/// (sigstore-go `Verifier.Verify`, client-spec §4): signing material → transparency-log entries →
/// RFC 3161 timestamps → thresholds → certificate chain at every verified time and SCTs (or the
/// managed key's validity) → artifact signature → identity.
/// `SigstoreVerificationResult.checks` lists the checks in exactly that order.
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
    public func verify(_ bundle: SigstoreBundle, artifact: ArtifactInput, policy: VerificationPolicy, at time: Date) -> SigstoreVerificationResult {
        let thresholds = policy.thresholds.resolved(for: trust.root)
        var result = SigstoreVerificationResult(
            checks: [], signer: nil, logEntries: [], times: [], thresholds: thresholds, verificationTime: time, predicateType: nil)
        let material = SigningMaterialStep.resolve(bundle, artifact: artifact, policy: policy)
        result.checks += material.checks
        guard let context = material.value else { return result }
        result.signer = signerIdentity(context)

        let tlog = TlogStep.run(context, trust: trust, limits: limits)
        result.checks += tlog.checks
        result.logEntries = tlog.value.entries
        let timestamps = TimestampStep.run(context, trust: trust)
        result.checks += timestamps.checks
        var times = tlog.value.times + timestamps.value
        if times.isEmpty, case .key = policy.signer, policy.allowVerificationTimeForKeys {
            times.append(VerifiedTime(time: time, source: .verificationInstant, authority: "verification instant"))
        }
        result.times = times
        result.checks += thresholdChecks(thresholds, logs: tlog.value.entries, timestamps: timestamps.value.count, times: times.count)

        var chainVerified = false
        switch policy.signer {
        case .certificate:
            if let leaf = context.leaf {
                let chain = CertificateStep.chain(leaf: leaf, times: times, trust: trust)
                result.checks += chain.checks
                chainVerified = chain.value != nil
                result.checks.append(CertificateStep.sct(leaf: leaf, path: chain.value, trust: trust, threshold: thresholds.certificateTransparency))
            }
        case .key(let managed):
            result.checks.append(keyValidity(managed, times: times))
        }
        // The artifact signature before the identity (Sigstore client specification §4; sigstore-go
        // `SignedEntityVerifier.Verify`), so a tampered artifact is reported as such whoever signed it.
        let signature = SignatureStep.run(context, limits: limits)
        result.checks += signature.checks
        result.predicateType = signature.value?.predicateType
        // The identity only of a certificate that chains to the trust root (after the signature, above):
        // a self-made certificate never reaches the policy's regular expressions.
        if case .certificate(let identities) = policy.signer, let leaf = context.leaf {
            result.checks.append(chainVerified || policy.unsafeMatchIdentityWithoutChain
                ? IdentityStep.run(leaf: leaf, identities: identities)
                : .skip(CheckID.identity, "not evaluated: the certificate chain did not verify"))
        }
        return result
    }

    private func thresholdChecks(_ thresholds: AppliedThresholds, logs: [VerifiedLogEntry], timestamps: Int, times: Int) -> [CheckResult] {
        var checks: [CheckResult] = []
        let distinctLogs = Set(logs.map(\.logID)).count
        if thresholds.transparencyLogs > 0 || !logs.isEmpty {
            checks.append(distinctLogs >= thresholds.transparencyLogs
                ? .pass(CheckID.tlogThreshold, "\(distinctLogs) transparency log(s) verified, \(thresholds.transparencyLogs) required")
                : .fail(CheckID.tlogThreshold, "\(distinctLogs) of \(thresholds.transparencyLogs) required transparency log entries verified"))
        }
        if thresholds.timestamps > 0 || timestamps > 0 {
            checks.append(timestamps >= thresholds.timestamps
                ? .pass(CheckID.timestampThreshold, "\(timestamps) RFC 3161 timestamp(s) verified, \(thresholds.timestamps) required")
                : .fail(CheckID.timestampThreshold, "\(timestamps) of \(thresholds.timestamps) required RFC 3161 timestamps verified"))
        }
        checks.append(times >= thresholds.observerTimes
            ? .pass(CheckID.timeSources, "\(times) verified time(s), \(thresholds.observerTimes) required")
            : .fail(CheckID.timeSources, "not enough sources of verified time: \(times) of \(thresholds.observerTimes) required (a signed entry timestamp or an RFC 3161 timestamp)"))
        return checks
    }

    private func keyValidity(_ key: ManagedKey, times: [VerifiedTime]) -> CheckResult {
        guard let window = key.validFor else {
            return .pass(CheckID.keyValidity, "managed key has no validity window")
        }
        if let outside = times.first(where: { !window.contains($0.time) }) {
            return .fail(CheckID.keyValidity, "signature time \(outside.time) is outside of the public key's validity window")
        }
        return .pass(CheckID.keyValidity, "managed key was valid at every verified time")
    }

    private func signerIdentity(_ context: SigningContext) -> SignerIdentity {
        SignerIdentity(
            subjectAlternativeName: context.leaf.flatMap(CertificateIdentityMatcher.subjectAlternativeName(of:)),
            issuer: context.leaf?.fulcioExtensions.issuer,
            certificateSHA256: context.leaf.map { Hex.encode(Digest.sha256($0.der)) },
            publicKeySHA256: Hex.encode(Digest.sha256(context.key.spkiDER)),
            extensions: context.leaf?.fulcioExtensions.values ?? [:])
    }
}
