public import Foundation

/// The signing algorithms `airlock keys init` and `airlock keys rotate` offer.
public enum ApplianceKeyAlgorithm: String, Sendable, Codable, CaseIterable {
    /// ECDSA P-256 with SHA-256 (the default; what Sigstore tooling and Kyverno expect).
    case ecdsaP256 = "ecdsa-p256"
    /// Ed25519 (pure).
    case ed25519
}

/// One appliance key as recorded in the key ring (never the private key itself).
public struct ApplianceKeyInfo: Sendable, Codable, Equatable {
    /// Lowercase hex SHA-256 of the DER SubjectPublicKeyInfo: the DSSE `keyid` and bundle key hint.
    public var id: String
    /// The algorithm.
    public var algorithm: ApplianceKeyAlgorithm
    /// When the key was made.
    public var created: Date
    /// When a newer key replaced it (its private key is then deleted); nil for the current key.
    public var retired: Date?
    /// The public key, PEM `PUBLIC KEY`.
    public var publicKeyPEM: String
    /// When the operator declared the key no longer trusted (`airlock keys distrust`): approvals it signed
    /// fail `approvals verify` and generated policies leave it out. Nil for a trusted key.
    public var distrusted: Date?
    /// Why it was distrusted.
    public var distrustReason: String?

    /// Makes a record.
    public init(id: String, algorithm: ApplianceKeyAlgorithm, created: Date, retired: Date?, publicKeyPEM: String) {
        self.id = id
        self.algorithm = algorithm
        self.created = created
        self.retired = retired
        self.publicKeyPEM = publicKeyPEM
    }

    /// Whether this is the signing key.
    public var isCurrent: Bool { retired == nil }

    /// Whether approvals signed with it may still be trusted.
    public var isTrusted: Bool { distrusted == nil }
}

/// The key ring file (`keys/keyring.json`): the appliance's identity and every key it ever had,
/// so approvals signed before a rotation still verify.
public struct ApplianceKeyRing: Sendable, Codable, Equatable {
    /// The appliance's id, written as the VSA `verifier.id`.
    public var applianceID: String
    /// Every key, oldest first; exactly one is current.
    public var keys: [ApplianceKeyInfo]

    /// Makes a key ring.
    public init(applianceID: String, keys: [ApplianceKeyInfo]) {
        self.applianceID = applianceID
        self.keys = keys
    }

    /// The signing key's record.
    public var current: ApplianceKeyInfo? { keys.last(where: \.isCurrent) }

    /// The public keys (PEM) admission policies trust: every key not distrusted, current first.
    public var trustedPublicKeysPEM: [String] { keys.reversed().filter(\.isTrusted).map(\.publicKeyPEM) }

    /// The record of `id`, or of the only key whose id starts with `id`.
    public func key(matching id: String) -> ApplianceKeyInfo? {
        let found = keys.filter { $0.id.hasPrefix(id) }
        return found.count == 1 ? found[0] : nil
    }
}
