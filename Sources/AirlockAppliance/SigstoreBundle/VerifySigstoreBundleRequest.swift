public import Foundation

/// Who must have signed, as the operator wrote it on the command line.
public enum SignerSpec: Sendable, Equatable {
    /// A keyless identity: SAN exact or regex, and OIDC issuer exact or regex.
    case identity(san: String?, sanRegex: String?, issuer: String?, issuerRegex: String?)
    /// A managed key in a PEM file, optionally valid only within a window.
    case key(pemPath: String, validFrom: Date?, validUntil: Date?)
}

/// One `airlock verify-bundle` request.
public struct VerifySigstoreBundleRequest: Sendable {
    /// The Sigstore bundle file.
    public var bundlePath: String
    /// The artifact (file or digest).
    public var artifact: ArtifactReference
    /// Who must have signed.
    public var signer: SignerSpec
    /// The trust root.
    public var trustRoot: TrustRootSource
    /// The verification instant.
    public var at: Date
    /// Required transparency-log entries (nil: trust-root default).
    public var tlogThreshold: Int?
    /// Required SCTs (nil: trust-root default).
    public var sctThreshold: Int?
    /// Required RFC 3161 timestamps (nil: trust-root default).
    public var timestampThreshold: Int?
    /// A state directory whose held log checkpoints the bundle's checkpoints are checked against and
    /// recorded in (`verify-bundle --state`, docs/decisions.md D23); nil: no log continuity.
    public var logContinuityState: URL?

    /// Makes a request.
    public init(
        bundlePath: String, artifact: ArtifactReference, signer: SignerSpec, trustRoot: TrustRootSource = .default,
        at: Date, tlogThreshold: Int? = nil, sctThreshold: Int? = nil, timestampThreshold: Int? = nil
    ) {
        self.bundlePath = bundlePath
        self.artifact = artifact
        self.signer = signer
        self.trustRoot = trustRoot
        self.at = at
        self.tlogThreshold = tlogThreshold
        self.sctThreshold = sctThreshold
        self.timestampThreshold = timestampThreshold
    }
}
