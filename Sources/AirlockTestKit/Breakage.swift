/// One deliberately broken bundle per verification check: each case breaks exactly one thing,
/// so the verifier should fail for that reason (plus the checks that inevitably depend on it,
/// e.g. `tlog.threshold` when the only entry fails). The doc of each case names the check id and why.
///
/// Bundles whose tlog entry is broken also carry one RFC 3161 timestamp, so time stays available.
public enum Breakage: String, Sendable, CaseIterable {
    // MARK: bundle.material
    /// `bundle.material`: the DSSE envelope has two signatures; a Sigstore bundle must have exactly one.
    case dsseTwoSignatures
    /// `bundle.material`: v0.2 bundle with `x509CertificateChain.certificates` empty (the parser rejects it).
    case emptyCertificateChain
    /// `bundle.material`: the certificate's `rawBytes` are not DER.
    case garbageCertificate

    // MARK: tlog.promise
    /// `tlog.promise`: the SET is a valid signature by another P-256 key.
    case setByOtherKey
    /// `tlog.promise`: `integratedTime` changed by one second after the SET was made.
    case integratedTimeChanged
    /// `tlog.promise`: a v0.1 bundle whose entry has a proof but no SET (v0.1 requires the SET).
    case v01WithoutSET
    /// `tlog.promise`: the trust root's log key validity starts a day after the integrated time.
    case logKeyNotValidAtIntegratedTime

    // MARK: tlog.inclusion
    /// `tlog.inclusion`: one bit of the first proof hash flipped (checkpoint and rootHash still agree).
    case inclusionProofHashFlipped
    /// `tlog.inclusion`: a v0.2 bundle with SET but no inclusion proof (v0.2+ requires the proof).
    case v02WithoutInclusionProof
    /// `tlog.inclusion`: `inclusionProof.logIndex` off by one.
    case inclusionProofWrongIndex

    // MARK: tlog.checkpoint
    /// `tlog.checkpoint`: the checkpoint is signed by another key under the log's name and key hint.
    case checkpointByOtherKey
    /// `tlog.checkpoint`: a validly signed checkpoint for the same size whose root differs from `rootHash`.
    case checkpointRootMismatch
    /// `tlog.checkpoint`: the inclusion proof has no checkpoint.
    case checkpointMissing

    // MARK: tlog.body / tlog.entries / tlog.time
    /// `tlog.body`: the entry (validly logged, SET and proof) is for another artifact signed by the
    /// same leaf — the CVE-2022-36056 pattern.
    case entryForOtherArtifact
    /// `tlog.body`: the logged body carries another valid signature over the same artifact.
    case bodySignatureDiffers
    /// `tlog.body`: a Rekor v2 entry of the withdrawn kind dsse/0.0.2.
    case rekorV2DSSEEntry
    /// `tlog.body`: `kindVersion` says dsse/0.0.1 while the body is hashedrekord/0.0.1.
    case kindVersionMismatch
    /// `tlog.entries`: the same log entry appears twice.
    case duplicateTlogEntry
    /// `tlog.time`: a valid SET whose integratedTime is an hour after the leaf expired.
    case integratedTimeAfterLeafExpiry

    // MARK: tlog.threshold
    /// `tlog.threshold`: the entry's log is not in the trust root (which lists only the v2 log).
    case logNotInTrustRoot

    // MARK: timestamp.rfc3161
    /// `timestamp.rfc3161`: the token is from a TSA the trust root does not list.
    case timestampFromUntrustedTSA
    /// `timestamp.rfc3161`: the token's message imprint covers other bytes than the signature.
    case timestampOverOtherBytes
    /// `timestamp.rfc3161`: the same token twice.
    case duplicateTimestamp
    /// `timestamp.rfc3161`: the trust root's TSA window ends before the token's genTime.
    case tsaNotValidAtGenTime

    // MARK: time.sources
    /// `time.sources`: a v0.3 bundle with an inclusion proof but no SET and no timestamp.
    case noTimeSource

    // MARK: certificate.chain
    /// `certificate.chain`: the leaf is issued by a CA the trust root does not list.
    case leafFromUntrustedCA
    /// `certificate.chain`: the only verified time (a Rekor v2 bundle's timestamp) is a minute after the leaf expired.
    case signedAfterLeafExpired
    /// `certificate.chain`: the leaf's only EKU is serverAuth.
    case leafWithoutCodeSigningEKU
    /// `certificate.chain`: the trust root's CA window ends an hour before the signing time.
    case caNotValidAtSigningTime

    // MARK: certificate.sct
    /// `certificate.sct`: the embedded SCT is from a CT log the trust root does not list.
    case sctFromUnknownLog
    /// `certificate.sct`: the embedded SCT's signature has its last byte flipped.
    case sctSignatureTampered

    // MARK: signature.*
    /// `signature.artifact`: the message signature is over other bytes (logged and timestamped as is).
    case signatureOverOtherBytes
    /// `signature.artifact`: `messageDigest` is another file's digest (Rekor v2 entry consistent with it).
    case messageDigestMismatch
    /// `signature.dsse`: the envelope payload was changed after signing (logged body matches the new payload).
    case dssePayloadTampered
    /// `signature.subject`: the signed statement's subject names another digest than the artifact's.
    case subjectDigestMismatch

    // MARK: identity / key.validity
    /// `identity`: the policy expects another SAN than the leaf's.
    case wrongSubjectAlternativeName
    /// `identity`: the policy expects another OIDC issuer than the leaf's.
    case wrongIssuer
    /// `key.validity`: a key-signed bundle whose key is only valid two days to one day before `baseTime`.
    case keyOutsideValidity

    /// The id of the check the verifier must fail.
    public var expectedCheckID: String {
        switch self {
        case .dsseTwoSignatures, .emptyCertificateChain, .garbageCertificate: "bundle.material"
        case .setByOtherKey, .integratedTimeChanged, .v01WithoutSET, .logKeyNotValidAtIntegratedTime: "tlog.promise"
        case .inclusionProofHashFlipped, .v02WithoutInclusionProof, .inclusionProofWrongIndex: "tlog.inclusion"
        case .checkpointByOtherKey, .checkpointRootMismatch, .checkpointMissing: "tlog.checkpoint"
        case .entryForOtherArtifact, .bodySignatureDiffers, .rekorV2DSSEEntry, .kindVersionMismatch: "tlog.body"
        case .duplicateTlogEntry: "tlog.entries"
        case .integratedTimeAfterLeafExpiry: "tlog.time"
        case .logNotInTrustRoot: "tlog.threshold"
        case .timestampFromUntrustedTSA, .timestampOverOtherBytes, .duplicateTimestamp, .tsaNotValidAtGenTime: "timestamp.rfc3161"
        case .noTimeSource: "time.sources"
        case .leafFromUntrustedCA, .signedAfterLeafExpired, .leafWithoutCodeSigningEKU, .caNotValidAtSigningTime: "certificate.chain"
        case .sctFromUnknownLog, .sctSignatureTampered: "certificate.sct"
        case .signatureOverOtherBytes, .messageDigestMismatch: "signature.artifact"
        case .dssePayloadTampered: "signature.dsse"
        case .subjectDigestMismatch: "signature.subject"
        case .wrongSubjectAlternativeName, .wrongIssuer: "identity"
        case .keyOutsideValidity: "key.validity"
        }
    }

    /// A fragment the failing check's message (or, for `rejectedByParser` cases, the parse
    /// error) should contain, matching the wording of the lead's verifier at the time of writing.
    public var expectedReasonFragment: String {
        switch self {
        case .dsseTwoSignatures: "exactly one"
        case .emptyCertificateChain: "certificate chain"
        case .garbageCertificate: "does not parse"
        case .setByOtherKey, .integratedTimeChanged: "signed entry timestamp does not verify"
        case .v01WithoutSET: "needs a signed entry timestamp"
        case .logKeyNotValidAtIntegratedTime: "outside the log key's validity"
        case .inclusionProofHashFlipped: "differs from the expected root"
        case .v02WithoutInclusionProof: "needs an inclusion proof"
        case .inclusionProofWrongIndex: "inclusion proof"
        case .checkpointByOtherKey: "does not verify with the log key"
        case .checkpointRootMismatch: "disagrees with the inclusion proof"
        case .checkpointMissing: "no checkpoint"
        case .entryForOtherArtifact: "inconsistent with the bundle"
        case .bodySignatureDiffers: "signature differs"
        case .rekorV2DSSEEntry: "dsse"
        case .kindVersionMismatch: "differs from the body's"
        case .duplicateTlogEntry: "duplicates an earlier entry"
        case .integratedTimeAfterLeafExpiry: "not valid at the integrated time"
        case .logNotInTrustRoot: "required transparency log"
        case .timestampFromUntrustedTSA: "not verifiable against any trusted timestamp authority"
        case .timestampOverOtherBytes: "imprint"
        case .duplicateTimestamp: "duplicate"
        case .tsaNotValidAtGenTime: "outside the authority's validity"
        case .noTimeSource: "not enough sources of verified time"
        case .leafFromUntrustedCA, .signedAfterLeafExpired, .leafWithoutCodeSigningEKU: "does not chain to a trusted CA"
        case .caNotValidAtSigningTime: "not valid at"
        case .sctFromUnknownLog: "unknown log"
        case .sctSignatureTampered: "does not verify"
        case .signatureOverOtherBytes: "does not verify with the signing key"
        case .messageDigestMismatch: "message digest"
        case .dssePayloadTampered: "does not verify"
        case .subjectDigestMismatch: "subject digest"
        case .wrongSubjectAlternativeName: "SAN"
        case .wrongIssuer: "issuer"
        case .keyOutsideValidity: "validity window"
        }
    }

    /// Whether `SigstoreBundle.parse` itself rejects the bundle (the verifier never sees it).
    public var rejectedByParser: Bool { self == .emptyCertificateChain }
}
