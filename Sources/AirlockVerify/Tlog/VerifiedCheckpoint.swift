import Foundation
public import AirlockFormats

/// A log checkpoint whose signed note verified with a trust root's log key: what log continuity
/// (`LogContinuity`) compares with the stored checkpoints and witness cosignatures (`CosignatureCheck`) are counted on.
public struct VerifiedCheckpoint: Sendable, Hashable {
    /// The log id (lowercase hex) of the trust-root log whose key verified the note.
    public var logID: String
    /// The parsed checkpoint body (origin, size, root hash).
    public var checkpoint: Checkpoint
    /// The whole signed note, exactly as carried (text, blank line, signature lines).
    public var note: String

    /// Makes one.
    public init(logID: String, checkpoint: Checkpoint, note: String) {
        self.logID = logID
        self.checkpoint = checkpoint
        self.note = note
    }

    /// The origin line, the key continuity is kept under.
    public var origin: String { checkpoint.origin }
}

/// Verifies a checkpoint handed to the appliance on its own (`airlock trustroot checkpoint add`), with
/// the same rules as a bundle's checkpoint (docs/formats.md §3.3, §4.4).
public enum LogCheckpoints {
    /// Why a stand-alone checkpoint was refused.
    public struct Failure: Error, Sendable {
        /// One line: which logs were tried and why none verified the note.
        public let reason: String
    }

    /// Verifies `note` with the key of whichever log of `trust` signed it; refuses a note no log verifies.
    public static func verify(note: String, trust: TrustMaterial, limits: Limits = .default) throws(Failure) -> VerifiedCheckpoint {
        var reasons: [String] = []
        var tried = Set<String>()
        for id in trust.tlogs.keys.sorted() {
            guard let log = trust.tlogs[id], tried.insert(log.logIDHex).inserted else { continue }
            do {
                let checkpoint = try CheckpointVerifier.verify(envelope: note, log: log, limits: limits)
                return VerifiedCheckpoint(logID: log.logIDHex, checkpoint: checkpoint, note: note)
            } catch {
                reasons.append("\(log.instance.baseURL): \(error.reason)")
            }
        }
        throw Failure(reason: reasons.isEmpty ? "the trust root has no transparency logs" : "no log of the trust root verifies the checkpoint (\(reasons.joined(separator: "; ")))")
    }
}
