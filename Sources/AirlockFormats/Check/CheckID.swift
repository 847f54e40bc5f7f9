/// Every check id a verifier reports, in one place. The strings are part of recorded verdicts (their
/// canonical JSON is hashed), so a constant's value never changes once shipped.
public enum CheckID {
    // MARK: Sigstore bundle verification (Sigstore client specification §4, in order)

    /// The bundle's signing material (certificate or key) and its rules.
    public static let bundleMaterial = "bundle.material"
    /// Two entries of the same log in one bundle.
    public static let tlogEntries = "tlog.entries"
    /// An entry of a log that is not in the trust root (ignored).
    public static let tlogLog = "tlog.log"
    /// A signed entry timestamp (Rekor v1 promise).
    public static let tlogPromise = "tlog.promise"
    /// The checkpoint an inclusion proof commits to.
    public static let tlogCheckpoint = "tlog.checkpoint"
    /// An RFC 6962 inclusion proof.
    public static let tlogInclusion = "tlog.inclusion"
    /// The entry body matches the bundle's signature, key and artifact.
    public static let tlogBody = "tlog.body"
    /// The integrated time is within the log's and certificate's validity.
    public static let tlogTime = "tlog.time"
    /// Enough distinct transparency logs verified.
    public static let tlogThreshold = "tlog.threshold"
    /// A verified checkpoint against the checkpoints held for its log (split-view detection).
    public static let tlogContinuity = "tlog.continuity"
    /// The witness cosignature quorum a rule's `witnesses` requires of every verified checkpoint.
    public static let tlogWitnesses = "tlog.witnesses"
    /// One RFC 3161 timestamp.
    public static let timestampRFC3161 = "timestamp.rfc3161"
    /// Enough RFC 3161 timestamps verified.
    public static let timestampThreshold = "timestamp.threshold"
    /// Enough verified times exist.
    public static let timeSources = "time.sources"
    /// The leaf chains to a trusted CA at a verified time.
    public static let certificateChain = "certificate.chain"
    /// Embedded SCTs verify against trusted CT logs.
    public static let certificateSCT = "certificate.sct"
    /// The managed key was valid at every verified time.
    public static let keyValidity = "key.validity"
    /// A message signature over the artifact.
    public static let signatureArtifact = "signature.artifact"
    /// A DSSE signature over the envelope's PAE.
    public static let signatureDSSE = "signature.dsse"
    /// The DSSE statement names the artifact among its subjects.
    public static let signatureSubject = "signature.subject"
    /// The certificate identity (SAN, issuer, Fulcio extensions).
    public static let identity = "identity"

    // MARK: Site policy (verdicts)

    /// Which policy rule selects the image.
    public static let rule = "rule"
    /// The rule's trust root is available.
    public static let trustRoot = "trustRoot"
    /// The image digest is usable.
    public static let subject = "subject"
    /// The rule's signature threshold.
    public static let signatures = "signatures"
    /// `platforms: all`: every platform manifest of the index passed (D22).
    public static let platforms = "platforms"
    /// A cosign simple-signing payload names the image.
    public static let cosignPayload = "cosign.payload"
    /// A piece of evidence carries no signature.
    public static let evidenceKind = "kind"
    /// A piece of evidence does not parse.
    public static let evidenceParse = "parse"
    /// Who signed a piece of evidence, against the rule's signer list.
    public static let signer = "signer"

    /// The prefix of every check about one piece of evidence: `evidence[<sha256 prefix>].`.
    public static func evidencePrefix(sha256: String) -> String { "evidence[\(sha256.prefix(12))]." }

    /// The `index`-th attestation requirement of a rule: `attestation[<index>]`.
    public static func attestation(_ index: Int) -> String { "attestation[\(index)]" }

    /// The prefix of the checks of one attestation candidate: `attestation[<index>].<label>.`.
    public static func attestationCandidatePrefix(_ index: Int, candidate label: String) -> String {
        "\(attestation(index)).\(label)."
    }

    /// The `index`-th predicate condition under `prefix`: `<prefix>condition[<index>]`.
    public static func condition(_ index: Int, prefix: String) -> String { "\(prefix)condition[\(index)]" }

    /// A SLSA provenance expectation under `prefix`: `<prefix>slsa.<name>` (`builder`, `source`, `ref`…).
    public static func slsa(_ name: String, prefix: String) -> String { "\(prefix)slsa.\(name)" }

    // MARK: in-toto layout verification (in-toto specification §5, reference order)

    /// A layout signature by a caller-supplied layout key, under `prefix` (a sublayout's `<step>.<keyid8>/`).
    public static func layoutSignature(prefix: String = "") -> String { "\(prefix)layout.signature" }
    /// The layout's expiry against the verification instant.
    public static func layoutExpires(prefix: String = "") -> String { "\(prefix)layout.expires" }
    /// Parameter substitution.
    public static func layoutParameters(prefix: String = "") -> String { "\(prefix)layout.parameters" }
    /// A step check: `<prefix>step.<name>.<aspect>` (`threshold`, `sublayout`, `command`, `links`, `materials`, `products`).
    public static func step(_ name: String, _ aspect: String, prefix: String = "") -> String { "\(prefix)step.\(name).\(aspect)" }
    /// An inspection: `<prefix>inspection.<name>`.
    public static func inspection(_ name: String, prefix: String = "") -> String { "\(prefix)inspection.\(name)" }
    /// The caller's product tie.
    public static let product = "product"
    /// A site-policy rule's in-toto layout requirement as a whole; its in-toto checks are prefixed `layout.`.
    public static let layout = "layout"

    // MARK: Signed approvals (SLSA Verification Summary, DSSE)

    /// The document is a DSSE envelope (or a Sigstore bundle holding one) with one signature.
    public static let approvalEnvelope = "approval.envelope"
    /// The envelope carries exactly one signature.
    public static let approvalSignatureCount = "approval.signature-count"
    /// The envelope's payload type is the in-toto one.
    public static let approvalPayloadType = "approval.payload-type"
    /// The signature verifies under an appliance key.
    public static let approvalSignature = "approval.signature"
    /// The signed statement and its VSA predicate parse.
    public static let approvalStatement = "approval.statement"
    /// The signed statement's predicate type is the VSA one.
    public static let approvalPredicateType = "approval.predicate-type"
    /// The VSA's `verificationResult` is `PASSED`.
    public static let approvalResult = "approval.result"
    /// The signing key was not distrusted (`airlock keys distrust`; AirlockAppliance).
    public static let approvalKeyTrusted = "approval.key-trusted"
    /// The approval file is not inside an unfinished staging directory (AirlockAppliance).
    public static let approvalComplete = "approval.complete"
    /// The approval id is recorded in the appliance's catalogue (AirlockAppliance).
    public static let approvalRecorded = "approval.recorded"
    /// The approval was not revoked (AirlockAppliance).
    public static let approvalRevoked = "approval.revoked"
    /// The instant is inside the signed validity window (AirlockAppliance).
    public static let approvalWindow = "approval.window"
}
