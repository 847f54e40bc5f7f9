public import Foundation
import AirlockCrypto
import AirlockFormats

/// A pinned witness (cosigner) key for one log: C2SP tlog-cosignature `cosignature/v1`, Ed25519.
///
/// Given as a C2SP signed-note verifier key `<name>+<key id, 8 hex>+<base64(0x04 || 32-byte key)>`, or as
/// a name and an Ed25519 PEM public key. The key id is `SHA-256(name || 0x0A || 0x04 || key)[0..<4]`
/// (tlog-cosignature.md, "Format"); lines are matched on name and key id, as the spec says.
public struct WitnessKey: Sendable, Hashable {
    /// The cosigner's key name (a schema-less URL by convention).
    public var name: String
    /// The raw 32-byte Ed25519 public key.
    public var rawKey: Data

    /// Why a witness key was refused.
    public struct Failure: Error, Sendable {
        /// One line.
        public let reason: String
    }

    /// Makes a key from its name and raw Ed25519 bytes.
    public init(name: String, rawKey: Data) throws(Failure) {
        guard NoteSignature.isValidName(name) else { throw Failure(reason: "witness name \"\(name.prefix(60))\" is empty or contains a space or '+'") }
        guard rawKey.count == 32, (try? PublicKey(rawEd25519: rawKey)) != nil else {
            throw Failure(reason: "a cosignature/v1 witness key is a 32-byte Ed25519 public key")
        }
        self.name = name
        self.rawKey = rawKey
    }

    /// Parses a verifier key `name+hash+base64(0x04 || key)` (split at the first two `+`: names have none,
    /// base64 may); the key id in it must be the computed one.
    public init(verifierKey text: String) throws(Failure) {
        let parts = text.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "+", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw Failure(reason: "a verifier key is name+keyid+base64 (three parts separated by '+')") }
        guard let material = Base64.decode(String(parts[2])), material.count == 33 else {
            throw Failure(reason: "verifier key material is not base64 of a type byte and a 32-byte key")
        }
        guard material.first == 0x04 else {
            throw Failure(reason: String(format: "verifier key type 0x%02x is not 0x04 (cosignature/v1 Ed25519)", material.first ?? 0))
        }
        try self.init(name: String(parts[0]), rawKey: Data(material.dropFirst()))
        guard parts[1].lowercased() == Hex.encode(keyID) else {
            throw Failure(reason: "verifier key id \(parts[1]) is not the computed \(Hex.encode(keyID))")
        }
    }

    /// Reads `name` with a PEM public key (must be Ed25519).
    public init(name: String, pem: String) throws(Failure) {
        guard let key = try? PublicKey(pem: pem) else { throw Failure(reason: "not a PEM public key") }
        guard key.algorithm == .ed25519, let raw = key.rawEd25519 else { throw Failure(reason: "witness keys are Ed25519 (cosignature/v1)") }
        try self.init(name: name, rawKey: raw)
    }

    /// The 4-byte key id: `SHA-256(name || 0x0A || 0x04 || key)[0..<4]`.
    public var keyID: Data {
        var material = Data(name.utf8)
        material.append(0x0A)
        material.append(0x04)
        material.append(rawKey)
        return Data(Digest.sha256(material).prefix(4))
    }

    /// The verifier-key text `name+keyid+base64(0x04 || key)`.
    public var verifierKey: String {
        var material = Data([0x04])
        material.append(rawKey)
        return "\(name)+\(Hex.encode(keyID))+\(Base64.encode(material))"
    }
}
