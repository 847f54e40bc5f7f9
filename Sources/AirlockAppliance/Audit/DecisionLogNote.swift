import Foundation
import AirlockCrypto
import AirlockFormats
import AirlockVerify

/// The decision log's checkpoints as C2SP signed notes (`tlog-checkpoint`, `signed-note`):
///
/// ```
/// airlock.local/<appliance id>
/// <tree size>
/// <base64 root hash>
///
/// — airlock.local/<appliance id> <base64(4-byte key id || signature)>
/// ```
///
/// The key name equals the origin; the key id follows `NoteKeyID.c2sp` (ECDSA: SHA-256 of the SPKI,
/// first 4 bytes; Ed25519: C2SP's `SHA-256(name || 0x0A || 0x01 || key)`). The signature is over the
/// note text (the three lines, each ending in a newline), ECDSA-SHA256 DER or Ed25519.
enum DecisionLogNote {
    /// The origin line and key name of an appliance's log.
    static func origin(applianceID: String) -> String { "airlock.local/\(applianceID)" }

    /// The note text of a checkpoint.
    static func text(origin: String, size: UInt64, root: Data) -> String {
        "\(origin)\n\(size)\n\(Base64.encode(root))\n"
    }

    /// Signs a checkpoint with `key` under `origin`.
    static func sign(origin: String, size: UInt64, root: Data, key: PrivateKey) throws(ApplianceError) -> String {
        let text = text(origin: origin, size: size, root: root)
        guard NoteSignature.isValidName(origin), let keyID = NoteKeyID.c2sp(name: origin, key: key.publicKey) else {
            throw ApplianceError(.internalError, "cannot name the checkpoint key \"\(origin)\"", code: "audit.checkpoint-key")
        }
        let signature: Data
        do {
            signature = try key.signature(for: Data(text.utf8))
        } catch {
            throw ApplianceError(.internalError, "signing the checkpoint failed: \(error)", code: "audit.checkpoint-sign")
        }
        return text + "\n\u{2014} \(origin) \(Base64.encode(keyID + signature))\n"
    }

    /// Why a stored checkpoint does not verify.
    struct Failure: Error {
        let reason: String
    }

    /// Parses `note`, requires the origin, and a signature line by `origin` whose key id matches `key`
    /// and whose signature verifies; returns the checkpoint.
    static func verify(_ note: String, origin: String, key: PublicKey) throws(Failure) -> Checkpoint {
        let parsed: SignedNote
        let checkpoint: Checkpoint
        do {
            parsed = try SignedNote.parse(note)
            checkpoint = try Checkpoint.parse(noteText: parsed.text)
        } catch {
            throw Failure(reason: "the note does not parse: \(error)")
        }
        guard checkpoint.origin == origin else {
            throw Failure(reason: "origin \"\(checkpoint.origin)\" is not \"\(origin)\"")
        }
        guard let keyID = NoteKeyID.c2sp(name: origin, key: key) else { throw Failure(reason: "the key has no C2SP key id") }
        let lines = parsed.signatures.filter { $0.name == origin && $0.keyHint == keyID }
        guard !lines.isEmpty else { throw Failure(reason: "no signature line by \(origin) with key id \(Hex.encode(keyID))") }
        let message = Data(parsed.text.utf8)
        for line in lines where !key.isValidSignature(line.signature, for: message, scheme: key.algorithm.defaultScheme) {
            throw Failure(reason: "the signature does not verify with the appliance key")
        }
        return checkpoint
    }
}
