import Foundation
import AirlockCrypto
import AirlockFormats

/// Verifies a log's signed checkpoint (a signed note) and returns the checkpoint it vouches for.
///
/// Two flavours (docs/formats.md §3.3, §4.4):
/// - Rekor v1 (`origin` is `"<host> - <tree id>"`): every signature line carrying the log's key hint
///   (`SHA-256(SPKI)[0..<4]`) must be named by the origin's host and verify, and at least one must.
/// - C2SP (Rekor v2): lines matching the log's name **and** key id must verify, at least one must,
///   lines matching only one of the two are ignored, and the origin must equal the log's host.
enum CheckpointVerifier {
    /// Why a checkpoint was rejected.
    struct Failure: Error {
        let reason: String
    }

    /// Verifies `envelope` with `log`'s key; returns the parsed checkpoint.
    static func verify(envelope: String, log: TrustedLog, limits: Limits) throws(Failure) -> Checkpoint {
        let note: SignedNote
        let checkpoint: Checkpoint
        do {
            note = try SignedNote.parse(envelope, limits: limits)
            checkpoint = try Checkpoint.parse(noteText: note.text)
        } catch {
            throw Failure(reason: "checkpoint does not parse: \(error)")
        }
        let message = Data(note.text.utf8)
        if checkpoint.isRekorV1Style {
            try verifyRekorV1(note: note, message: message, log: log, origin: checkpoint.origin)
        } else {
            try verifyC2SP(note: note, message: message, log: log)
            guard let host = log.instance.originHost, checkpoint.origin == host else {
                throw Failure(reason: "checkpoint origin \"\(checkpoint.origin)\" is not the log's origin \"\(log.instance.originHost ?? "?")\"")
            }
        }
        return checkpoint
    }

    private static func verifyRekorV1(note: SignedNote, message: Data, log: TrustedLog, origin: String) throws(Failure) {
        let hint = Data(Digest.sha256(log.key.spkiDER).prefix(4))
        let candidates = note.signatures.filter { $0.keyHint == hint }
        guard !candidates.isEmpty else {
            throw Failure(reason: "no checkpoint signature carries the log's key hint \(Hex.encode(hint))")
        }
        // Rekor v1 names its signature line with the hostname that opens its origin ("<host> - <tree id>");
        // a line with the log's key but another name is refused rather than ignored (docs/decisions.md D17).
        let host = origin.components(separatedBy: " - ").first ?? origin
        if let other = candidates.first(where: { $0.name != host }) {
            throw Failure(reason: "checkpoint signature with the log's key hint is named \"\(other.name)\", not the log's \"\(host)\" (its origin)")
        }
        for line in candidates where !noteSignatureValid(line.signature, message: message, key: log.key) {
            throw Failure(reason: "checkpoint signature by \(line.name) does not verify with the log key")
        }
    }

    private static func verifyC2SP(note: SignedNote, message: Data, log: TrustedLog) throws(Failure) {
        guard let name = log.instance.originHost else {
            throw Failure(reason: "the log's base URL \(log.instance.baseURL) has no host to name its checkpoints")
        }
        guard let keyID = c2spKeyID(name: name, key: log.key) else {
            throw Failure(reason: "the log key type has no C2SP key id")
        }
        let matching = note.signatures.filter { $0.name == name && $0.keyHint == keyID }
        guard !matching.isEmpty else {
            throw Failure(reason: "no checkpoint signature by \(name) with key id \(Hex.encode(keyID))")
        }
        for line in matching where !noteSignatureValid(line.signature, message: message, key: log.key) {
            throw Failure(reason: "checkpoint signature by \(name) does not verify with the log key")
        }
    }

    /// The 4-byte C2SP signed-note key id of a log key (docs/formats.md §4.4).
    static func c2spKeyID(name: String, key: PublicKey) -> Data? {
        var material = Data(name.utf8)
        material.append(0x0A)
        switch key.algorithm {
        case .ed25519:
            guard let raw = key.rawEd25519 else { return nil }
            material.append(0x01)
            material.append(raw)
        case .ecdsaP256, .ecdsaP384, .ecdsaP521:
            return Data(Digest.sha256(key.spkiDER).prefix(4))
        case .rsa:
            material.append(0xFF)
            material.append(Data("PKIX-RSA-PKCS#1v1.5".utf8))
            material.append(key.spkiDER)
        }
        return Data(Digest.sha256(material).prefix(4))
    }

    private static func noteSignatureValid(_ signature: Data, message: Data, key: PublicKey) -> Bool {
        key.isValidSignature(signature, for: message, scheme: key.defaultScheme)
    }
}
