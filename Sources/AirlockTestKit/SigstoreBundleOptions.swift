public import Foundation
import AirlockFormats

/// How a bundle is made: version, which log, which proofs, how many timestamps, when.
public struct SigstoreBundleOptions: Sendable {
    /// The bundle format version.
    public enum Version: String, Sendable, CaseIterable {
        /// v0.1: `x509CertificateChain`, the SET is mandatory.
        case v0_1 = "0.1"
        /// v0.2: `x509CertificateChain`, the inclusion proof is mandatory.
        case v0_2 = "0.2"
        /// v0.3: single `certificate`, the inclusion proof is mandatory.
        case v0_3 = "0.3"

        /// The media type written for this version (v0.3 uses the current canonical form).
        public var mediaType: String {
            switch self {
            case .v0_1: MediaType.sigstoreBundleV01
            case .v0_2: MediaType.sigstoreBundleV02
            case .v0_3: MediaType.sigstoreBundleV03
            }
        }
    }

    /// Which transparency log records the signature.
    public enum Log: Sendable {
        /// Rekor v1: SET (optional), inclusion proof (optional), Rekor-flavoured checkpoint.
        case v1
        /// Rekor v2: hashedrekord 0.0.2, inclusion proof and C2SP checkpoint, no SET, integratedTime 0.
        case v2
        /// No tlog entry.
        case none
    }

    /// Which Rekor v1 kind records a DSSE envelope.
    public enum DSSEKind: Sendable {
        /// dsse 0.0.1.
        case dsse
        /// intoto 0.0.2.
        case intoto
    }

    /// Format version (default v0.3).
    public var version: Version
    /// Which log (default Rekor v1).
    public var log: Log
    /// Write the SET (Rekor v1 only).
    public var includeSET: Bool
    /// Write the inclusion proof with its checkpoint.
    public var includeInclusionProof: Bool
    /// How many RFC 3161 timestamps over the signature.
    public var timestampCount: Int
    /// When the signature is made (default: `MiniSigstore.defaultSigningTime`); it is the SET's
    /// integratedTime and the timestamps' genTime, and the leaf is issued 30 s before.
    public var signingTime: Date?
    /// The Rekor v1 kind for DSSE bundles.
    public var dsseKind: DSSEKind
    /// Embed the TSA certificates in timestamp tokens.
    public var embedTSACertificates: Bool

    /// Options; defaults make a v0.3 bundle in Rekor v1 with SET and proof and no timestamp.
    public init(version: Version = .v0_3, log: Log = .v1, includeSET: Bool = true, includeInclusionProof: Bool = true,
                timestampCount: Int = 0, signingTime: Date? = nil, dsseKind: DSSEKind = .dsse, embedTSACertificates: Bool = true) {
        self.version = version
        self.log = log
        self.includeSET = includeSET
        self.includeInclusionProof = includeInclusionProof
        self.timestampCount = timestampCount
        self.signingTime = signingTime
        self.dsseKind = dsseKind
        self.embedTSACertificates = embedTSACertificates
    }

    /// A Rekor v2 bundle with one timestamp (its only source of time).
    public static let rekorV2 = SigstoreBundleOptions(log: .v2, timestampCount: 1)
}
