public import Foundation
public import AirlockCrypto

/// The C2SP signed-note key id of a key, as `CheckpointVerifier` checks it (docs/formats.md §4.4):
/// for Ed25519 `SHA-256(name || 0x0A || 0x01 || key)[0..<4]`, for ECDSA `SHA-256(SPKI)[0..<4]`.
/// Public so the appliance signs its own decision-log checkpoints with the same rule.
public enum NoteKeyID {
    /// The 4-byte key id of `key` under the key name `name`; nil for a key type without one.
    public static func c2sp(name: String, key: PublicKey) -> Data? {
        CheckpointVerifier.c2spKeyID(name: name, key: key)
    }
}
