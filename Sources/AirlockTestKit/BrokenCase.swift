public import Foundation
public import AirlockCrypto

/// A deliberately broken bundle with everything a test needs to run the verifier on it and to
/// assert why it fails.
public struct BrokenCase: Sendable {
    /// What was broken.
    public var breakage: Breakage
    /// The bundle JSON.
    public var bundle: Data
    /// The trust root to verify against (modified where the breakage lives in the trust root).
    public var trustedRoot: Data
    /// The artifact to verify (for DSSE: the file the statement's subject should name).
    public var artifact: Data
    /// The check id the verifier must fail (`Breakage.expectedCheckID`).
    public var expectedCheckID: String
    /// A fragment of the failing check's message (`Breakage.expectedReasonFragment`).
    public var expectedReasonFragment: String
    /// The identity the policy should require, for keyless bundles (differs from the signer's for
    /// the `identity` breakages); nil for key-signed bundles.
    public var expectedIdentity: Identity?
    /// The managed key to verify with, for key-signed bundles.
    public var managedKey: PublicKey?
    /// The managed key's validity window, if any.
    public var managedKeyValidity: TimeWindow?
    /// Whether `SigstoreBundle.parse` rejects the bundle before any check runs.
    public var rejectedByParser: Bool
    /// The bundle as made, with its leaf, key and signature.
    public var made: MadeSigstoreBundle
}

extension MiniSigstore {
    /// The artifact broken cases sign by default.
    public static let defaultArtifact = Data("airlock mini sigstore artifact v1\n".utf8)
    /// Another artifact, for entries, signatures and digests that must not match.
    public static let otherArtifact = Data("a different artifact\n".utf8)

}
