public import Foundation
public import AirlockCrypto
import AirlockFormats

extension SignedNoteWriter {
    /// The C2SP tlog-cosignature key id of an Ed25519 witness key: `SHA-256(name || 0x0A || 0x04 || key)[0..<4]`.
    public static func cosignatureKeyID(name: String, key: PublicKey) -> Data {
        var material = Data(name.utf8)
        material.append(0x0A)
        material.append(0x04)
        material.append(key.rawEd25519 ?? Data())
        return Data(Digest.sha256(material).prefix(4))
    }

    /// The C2SP verifier key `name+keyid+base64(0x04 || key)` of an Ed25519 witness key.
    public static func witnessVerifierKey(name: String, key: PublicKey) -> String {
        var material = Data([0x04])
        material.append(key.rawEd25519 ?? Data())
        return "\(name)+\(Hex.encode(cosignatureKeyID(name: name, key: key)))+\(Base64.encode(material))"
    }

    /// A `cosignature/v1` line by witness `name` over the note text `text` at `timestamp`:
    /// `u64be(timestamp) || Ed25519("cosignature/v1\ntime <t>\n" || text)`. `signer` replaces the key that
    /// signs while keeping `key`'s id (a forged line).
    public static func cosignatureLine(text: String, name: String, key: PrivateKey, timestamp: UInt64, signer: PrivateKey? = nil) throws -> String {
        let message = Data("cosignature/v1\ntime \(timestamp)\n\(text)".utf8)
        var blob = Data((0..<8).reversed().map { UInt8(truncatingIfNeeded: timestamp >> (8 * UInt64($0))) })
        blob.append(try (signer ?? key).signature(for: message))
        return signatureLine(name: name, keyID: cosignatureKeyID(name: name, key: key.publicKey), signature: blob)
    }

    /// `note` with `lines` appended after its existing signature lines.
    public static func appending(_ lines: [String], to note: String) -> String {
        note + lines.map { $0 + "\n" }.joined()
    }

    /// The note text (before the blank line) of a signed note.
    public static func text(of note: String) -> String {
        guard let split = note.range(of: "\n\n", options: .backwards) else { return note }
        return String(note[..<note.index(after: split.lowerBound)])
    }
}
