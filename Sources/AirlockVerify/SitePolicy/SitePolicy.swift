import Foundation
public import AirlockCrypto
import AirlockFormats

/// A site policy (version 1): what must be true before an image may run. Rules are tried in file
/// order and the first rule whose selectors match an image decides it; an image no rule selects fails.
///
/// The policy is identified by the SHA-256 of its file bytes, which every verdict records.
public struct SitePolicy: Sendable {
    /// The only policy format version this build understands.
    public static let currentVersion: Int64 = 1

    /// A human name for reports.
    public var name: String
    /// Trust roots declared by file path (their bytes are recorded by digest at verification time).
    public var trustRoots: [DeclaredTrustRoot]
    /// The rules, in file order.
    public var rules: [PolicyRule]

    /// Makes a policy.
    public init(name: String, trustRoots: [DeclaredTrustRoot], rules: [PolicyRule]) {
        self.name = name
        self.trustRoots = trustRoots
        self.rules = rules
    }

    /// The first rule that selects an image, with its index (artifact rules never select images).
    public func rule(for digest: String, names: [String]) -> (index: Int, rule: PolicyRule)? {
        for (index, rule) in rules.enumerated() where !rule.selectsArtifacts && rule.selects(digest: digest, names: names) {
            return (index, rule)
        }
        return nil
    }

    /// The first rule that selects a subject: for an artifact, the first artifact rule whose glob matches
    /// one of its paths; for an image, `rule(for:names:)`.
    public func rule(for subject: ImageSubject) -> (index: Int, rule: PolicyRule)? {
        guard subject.isArtifact else { return rule(for: subject.digest, names: subject.names) }
        for (index, rule) in rules.enumerated() where rule.selectsArtifacts && rule.selects(digest: subject.digest, names: subject.names) {
            return (index, rule)
        }
        return nil
    }

    /// Whether some rule decides artifacts (plain files of a bundle).
    public var hasArtifactRules: Bool { rules.contains(where: \.selectsArtifacts) }

    /// Every trust-root name some rule uses, sorted.
    public var usedTrustRoots: [String] { Array(Set(rules.map(\.trustRoot))).sorted() }
}

/// A trust root the policy declares by file path. The path is only read when verifying; the bytes are
/// then stored by digest so that replay never reads the path again.
public struct DeclaredTrustRoot: Sendable, Equatable {
    /// The name rules use.
    public var name: String
    /// The `trusted_root.json` path (relative paths are relative to the policy file).
    public var path: String

    /// Makes a declaration.
    public init(name: String, path: String) {
        self.name = name
        self.path = path
    }
}

/// Which images a rule applies to: by name glob or exact digest.
public enum ImageSelector: Sendable, Equatable {
    /// A glob over image names (`*` any run of characters, `?` one); `*` alone matches every image.
    case name(String)
    /// An exact `sha256:<hex>` manifest or index digest.
    case digest(String)
    /// A glob over the paths of a bundle's plain files (`match.artifacts`); selects artifacts only.
    case artifact(String)

    /// Whether the selector matches a subject (an artifact's names are its paths).
    public func matches(digest: String, names: [String]) -> Bool {
        switch self {
        case .digest(let expected): return expected == digest
        case .name(let glob), .artifact(let glob): return glob == "*" || names.contains { Glob.matches(glob, $0) }
        }
    }
}

/// One rule: selectors, the trust root, and the requirements.
public struct PolicyRule: Sendable {
    /// A human name, shown in checks.
    public var name: String
    /// Selectors; any match selects the image.
    public var selectors: [ImageSelector]
    /// The trust root name (pinned, or declared in the policy).
    public var trustRoot: String
    /// Signature requirement, if any.
    public var signatures: SignatureRequirement?
    /// Attestation requirements, all of which must hold.
    public var attestations: [AttestationRequirement]
    /// An in-toto layout whose final product must be the image, if any.
    public var layout: LayoutRequirement?
    /// Witness cosignatures required on every verified log checkpoint, if any.
    public var witnesses: WitnessRequirement?
    /// `platforms: all`: every platform manifest of an index must pass the requirements (D22).
    public var requireAllPlatforms = false

    /// Makes a rule.
    public init(name: String, selectors: [ImageSelector], trustRoot: String, signatures: SignatureRequirement?,
                attestations: [AttestationRequirement], layout: LayoutRequirement? = nil, witnesses: WitnessRequirement? = nil) {
        self.name = name
        self.selectors = selectors
        self.trustRoot = trustRoot
        self.signatures = signatures
        self.attestations = attestations
        self.layout = layout
        self.witnesses = witnesses
    }

    /// Whether the rule selects artifacts (`match.artifacts`) rather than images.
    public var selectsArtifacts: Bool {
        selectors.contains { if case .artifact = $0 { return true } else { return false } }
    }

    /// Whether any selector matches.
    public func selects(digest: String, names: [String]) -> Bool {
        selectors.contains { $0.matches(digest: digest, names: names) }
    }
}

/// Someone whose signature counts: a keyless identity or a pinned public key.
public struct PolicySigner: Sendable {
    /// What identifies the signer.
    public enum Kind: Sendable {
        /// A Fulcio certificate identity (SAN and OIDC issuer, exact or regex).
        case keyless(CertificateIdentity)
        /// A pinned public key.
        case key(PublicKey)
    }

    /// What identifies the signer.
    public var kind: Kind
    /// How the signer is named in checks (`san … issuer …` or `key sha256:…`).
    public var label: String

    /// Makes a signer.
    public init(kind: Kind, label: String) {
        self.kind = kind
        self.label = label
    }
}

/// Image signatures: at least `threshold` distinct listed signers must have verified signatures.
public struct SignatureRequirement: Sendable {
    /// Who may sign.
    public var signers: [PolicySigner]
    /// How many distinct listed signers are needed.
    public var threshold: Int
    /// Proofs each signature needs (transparency log, timestamp).
    public var proofs: ProofRequirement

    /// Makes a requirement.
    public init(signers: [PolicySigner], threshold: Int, proofs: ProofRequirement) {
        self.signers = signers
        self.threshold = threshold
        self.proofs = proofs
    }
}

/// Whether a transparency-log entry and an RFC 3161 timestamp are required; nil takes the trust
/// root's default (a log entry when the root has logs, a timestamp when it has none).
public struct ProofRequirement: Sendable, Equatable {
    /// Require (true) or waive (false) a verified transparency-log entry.
    public var transparencyLog: Bool?
    /// Require (true) or waive (false) a verified RFC 3161 timestamp.
    public var timestamp: Bool?

    /// Makes a requirement.
    public init(transparencyLog: Bool? = nil, timestamp: Bool? = nil) {
        self.transparencyLog = transparencyLog
        self.timestamp = timestamp
    }

    /// The verifier thresholds this requirement means.
    public var thresholds: ThresholdOptions {
        ThresholdOptions(transparencyLogs: transparencyLog.map { $0 ? 1 : 0 }, timestamps: timestamp.map { $0 ? 1 : 0 })
    }
}

/// An attestation that must be present, signed by a listed signer, with conditions on its predicate.
public struct AttestationRequirement: Sendable {
    /// The exact `predicateType`.
    public var predicateType: String
    /// Who may have signed it.
    public var signers: [PolicySigner]
    /// Proofs the attestation's signature needs.
    public var proofs: ProofRequirement
    /// Built-in SLSA provenance conditions (only for the SLSA provenance predicate types).
    public var slsa: SLSARequirement?
    /// Generic conditions on the predicate.
    public var conditions: [PredicateCondition]

    /// Makes a requirement.
    public init(predicateType: String, signers: [PolicySigner], proofs: ProofRequirement, slsa: SLSARequirement?,
                conditions: [PredicateCondition]) {
        self.predicateType = predicateType
        self.signers = signers
        self.proofs = proofs
        self.slsa = slsa
        self.conditions = conditions
    }
}
