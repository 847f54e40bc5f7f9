import Foundation
import AirlockCrypto
import AirlockFormats

/// Counting a role's signatures (TUF §5.3.4, docs/formats.md §10.2): only keys the role lists,
/// only non-empty signatures that verify over the canonical `signed` bytes, each key counted once
/// (by its SubjectPublicKeyInfo, so one key listed under two ids counts once).
enum TUFSignatures {
    /// How many distinct keys of `role` in `root` validly signed `metadata`.
    static func validCount(_ metadata: TUFMetadata, role: String, of root: TUFRoot) -> Int {
        guard let role = root.roles[role] else { return 0 }
        let allowed = Set(role.keyIDs)
        var signers = Set<Data>()
        for signature in metadata.signatures where allowed.contains(signature.keyID) {
            guard let listed = root.keys[signature.keyID], let (key, scheme) = publicKey(listed) else { continue }
            if key.isValidSignature(signature.bytes, for: metadata.canonicalSigned, scheme: scheme) {
                signers.insert(key.spkiDER)
            }
        }
        return signers.count
    }

    /// Throws `tuf.threshold` unless `role` of `root` reached its threshold on `metadata`.
    static func requireThreshold(_ metadata: TUFMetadata, role: String, of root: TUFRoot, file: String, which: String) throws(TUFError) {
        let threshold = root.roles[role]?.threshold ?? Int.max
        let count = validCount(metadata, role: role, of: root)
        guard count >= threshold else {
            throw TUFError(.threshold, "\(count) valid signature(s) from the \(which) \(role) keys, threshold \(threshold)", file: file)
        }
    }

    /// The key and scheme a listed TUF key stands for; nil for a type Airlock does not use (never counted).
    /// ECDSA P-256 keys come as PEM (roots 5 on) or as the hex uncompressed point (roots 1–4); Ed25519 as hex.
    static func publicKey(_ key: TUFRoot.Key) -> (PublicKey, SignatureScheme)? {
        switch (key.keyType, key.scheme) {
        case ("ecdsa-sha2-nistp256", "ecdsa-sha2-nistp256"), ("ecdsa", "ecdsa-sha2-nistp256"):
            let parsed: PublicKey?
            if key.publicValue.hasPrefix("-----BEGIN") {
                parsed = try? PublicKey(pem: key.publicValue)
            } else {
                parsed = Hex.decode(key.publicValue).flatMap { try? PublicKey(uncompressedP256Point: $0) }
            }
            guard let parsed, parsed.algorithm == .ecdsaP256 else { return nil }
            return (parsed, .ecdsa(.sha256))
        case ("ed25519", "ed25519"):
            guard let raw = Hex.decode(key.publicValue), let parsed = try? PublicKey(rawEd25519: raw) else { return nil }
            return (parsed, .ed25519)
        default:
            return nil
        }
    }
}
