public import Foundation
public import AirlockFormats

/// Log continuity (docs/decisions.md D23): a verified checkpoint is compared with the checkpoints the
/// appliance holds for the same origin. Same size and another root hash, or a consistency proof that fails,
/// is a split view: the log showed two different histories, and evidence relying on it is refused.
public enum LogContinuity {
    /// How a checkpoint relates to what is held.
    public enum Judgement: Sendable, Equatable {
        /// Nothing is held for the origin: the first checkpoint becomes the base.
        case first
        /// A held checkpoint of the same size has the same root.
        case known
        /// Larger than every held checkpoint; recorded as unproven until a consistency proof connects it.
        case larger(than: UInt64)
        /// Smaller than the largest held, with no held checkpoint of its size.
        case older(than: UInt64)
        /// A split view, with the reason; `conflicting` is the held size it contradicts, if any.
        case splitView(reason: String, conflicting: UInt64?)
    }

    /// Judges `candidate` against `held` (checkpoints of its origin) and whether a split view was recorded.
    public static func judge(_ candidate: Checkpoint, held: [KnownCheckpoint], splitViewRecorded: Bool) -> Judgement {
        judge(candidate, held: HeldCheckpoints(held), splitViewRecorded: splitViewRecorded)
    }

    /// Judges `candidate` against the indexed checkpoints held for its origin, in O(1).
    public static func judge(_ candidate: Checkpoint, held: HeldCheckpoints, splitViewRecorded: Bool) -> Judgement {
        if splitViewRecorded {
            return .splitView(reason: "a split view of \(candidate.origin) is recorded; its checkpoints are not trusted", conflicting: nil)
        }
        guard let largest = held.largest else { return .first }
        if let same = held.at(size: candidate.size) {
            return same.rootHash == candidate.rootHash ? .known
                : .splitView(reason: "checkpoint of \(candidate.origin) at size \(candidate.size) has root \(Base64.encode(candidate.rootHash)), but the held one has \(Base64.encode(same.rootHash))",
                             conflicting: same.size)
        }
        return candidate.size > largest ? .larger(than: largest) : .older(than: largest)
    }

    /// Verifies that `new` extends `old` (RFC 9162 §2.1.4); nil when it does, else the reason (a split view).
    public static func inconsistency(old: KnownCheckpoint, new: Checkpoint, proof: [Data]) -> String? {
        do {
            try MerkleConsistency.verify(size1: old.size, size2: new.size, root1: old.rootHash, root2: new.rootHash, proof: proof)
            return nil
        } catch {
            return "consistency proof from size \(old.size) to \(new.size) of \(new.origin) does not verify: \(error.reason)"
        }
    }

    /// The `tlog.continuity` checks of an image: one per distinct verified checkpoint that is not already held
    /// and whose origin the appliance holds checkpoints for (or has a split view of). None when nothing is held
    /// for its log, and none for a checkpoint held as it is: re-verifying the same evidence gives the same verdict.
    public static func checks(_ checkpoints: [VerifiedCheckpoint], knowledge: LogKnowledge) -> [CheckResult] {
        var out: [CheckResult] = []
        var seen = Set<String>()
        for verified in checkpoints.sorted(by: { ($0.origin, $0.checkpoint.size) < ($1.origin, $1.checkpoint.size) }) {
            let point = verified.checkpoint
            guard seen.insert("\(point.origin)\n\(point.size)\n\(Base64.encode(point.rootHash))").inserted else { continue }
            let held = knowledge.held(origin: point.origin)
            let split = knowledge.splitViews.contains(point.origin)
            guard !held.isEmpty || split else { continue }
            let evidence = [knowledge.reference, Hex.encode(point.rootHash)]
            let label = "\(point.origin) at size \(point.size)"
            switch judge(point, held: held, splitViewRecorded: split) {
            case .first, .known:
                continue
            case .larger(let size):
                out.append(.pass(CheckID.tlogContinuity, "\(label): larger than the held size \(size); recorded unproven until a consistency proof connects it", evidence: evidence))
            case .older(let size):
                out.append(.pass(CheckID.tlogContinuity, "\(label): older than the held size \(size); no conflicting checkpoint held", evidence: evidence))
            case .splitView(let reason, _):
                out.append(.fail(CheckID.tlogContinuity, "split view: \(reason)", evidence: evidence))
            }
        }
        return out
    }
}
