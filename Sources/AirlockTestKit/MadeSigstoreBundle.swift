public import Foundation
public import AirlockCrypto

/// A bundle made by `MiniSigstore`, with the pieces tests need to check it or break it.
public struct MadeSigstoreBundle: Sendable {
    /// The bundle fields.
    public var parts: SigstoreBundleParts
    /// The artifact the bundle vouches for (for DSSE: the bytes a subject digest names, if given).
    public var artifact: Data
    /// The Fulcio leaf (keyless bundles).
    public var leaf: Certificate?
    /// The key that signed (ephemeral for keyless bundles).
    public var signingKey: PrivateKey
    /// The signature bytes (message signature or the DSSE signature).
    public var signature: Data
    /// The keyless identity the leaf certifies.
    public var identity: Identity?
    /// The signing instant.
    public var signingTime: Date

    /// The bundle JSON.
    public var json: Data { parts.json() }
}
