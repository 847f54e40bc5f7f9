import Foundation
import AirlockCrypto
public import AirlockFormats

/// Counts the C2SP `cosignature/v1` lines of a verified checkpoint made by pinned witnesses
/// (tlog-cosignature.md): a line counts when its name and key id match a pinned witness of the log and
/// its Ed25519 signature over `"cosignature/v1\ntime <t>\n" || note text` verifies. Each witness key counts
/// once however many lines it has; lines by unknown witnesses are ignored; a line matching a pinned
/// witness that does not verify is reported as forged and never counted.
public enum Cosignatures {
    /// Which pinned witnesses cosigned one checkpoint.
    public struct Tally: Sendable, Equatable {
        /// Names of the pinned witnesses whose cosignature verified, sorted, each once.
        public var verified: [String]
        /// Names of pinned witnesses with a line that did not verify, sorted, each once.
        public var forged: [String]
    }

    /// Tallies the cosignatures on `note` by `witnesses` (already restricted to the log and to the rule's names).
    public static func tally(note: String, witnesses: [WitnessKey], limits: Limits = .default) -> Tally {
        guard let parsed = try? SignedNote.parse(note, limits: limits) else { return Tally(verified: [], forged: []) }
        var verified = Set<WitnessKey>()
        var forged = Set<String>()
        for line in parsed.signatures {
            guard let witness = witnesses.first(where: { $0.name == line.name && $0.keyID == line.keyHint }) else { continue }
            guard let parts = line.cosignatureParts, parts.timestamp <= UInt64(Int64.max),
                  let key = try? PublicKey(rawEd25519: witness.rawKey),
                  key.isValidSignature(parts.signature, for: Checkpoint.cosignatureMessage(timestamp: parts.timestamp, noteText: parsed.text),
                                       scheme: key.defaultScheme) else {
                forged.insert(witness.name)
                continue
            }
            verified.insert(witness)
        }
        return Tally(verified: Set(verified.map(\.name)).sorted(), forged: forged.sorted())
    }
}
