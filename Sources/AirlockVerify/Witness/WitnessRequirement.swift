public import AirlockFormats

/// A rule's `witnesses: {threshold: N, names: [...]}`: every checkpoint the image's verified evidence
/// relies on must carry verified `cosignature/v1` lines from at least `threshold` distinct pinned witnesses
/// of its log (only those in `names`, when given).
public struct WitnessRequirement: Sendable, Equatable {
    /// Distinct witnesses required per checkpoint (≥ 1).
    public var threshold: Int
    /// Witness names that count; empty means every pinned witness of the log.
    public var names: [String]

    /// Makes one.
    public init(threshold: Int, names: [String] = []) {
        self.threshold = threshold
        self.names = names
    }

    /// The `tlog.witnesses` checks: one per distinct verified checkpoint; a failure when there is none.
    public func checks(_ checkpoints: [VerifiedCheckpoint], knowledge: LogKnowledge, limits: Limits) -> [CheckResult] {
        var distinct: [VerifiedCheckpoint] = []
        for point in checkpoints.sorted(by: { ($0.origin, $0.checkpoint.size, $0.note) < ($1.origin, $1.checkpoint.size, $1.note) })
            where !distinct.contains(where: { $0.note == point.note }) {
            distinct.append(point)
        }
        guard !distinct.isEmpty else {
            return [.fail(CheckID.tlogWitnesses, "the rule requires \(threshold) witness cosignature(s), but no verified evidence carries a log checkpoint to cosign",
                          evidence: [knowledge.reference])]
        }
        return distinct.map { point in
            let pinned = (knowledge.witnesses[point.origin] ?? []).filter { names.isEmpty || names.contains($0.name) }
            let tally = Cosignatures.tally(note: point.note, witnesses: pinned, limits: limits)
            let label = "\(point.origin) at size \(point.checkpoint.size)"
            let evidence = [knowledge.reference, Hex.encode(point.checkpoint.rootHash)]
            let cosigned = tally.verified.isEmpty ? "none" : tally.verified.joined(separator: ", ")
            if !tally.forged.isEmpty {
                return .fail(CheckID.tlogWitnesses, "\(label): cosignature by pinned witness \(tally.forged.joined(separator: ", ")) does not verify (cosigned by: \(cosigned))",
                             evidence: evidence)
            }
            guard tally.verified.count >= threshold else {
                let eligible = pinned.map(\.name).sorted()
                return .fail(CheckID.tlogWitnesses, "\(label): \(tally.verified.count) of \(threshold) required witness cosignatures (cosigned by: \(cosigned); pinned: \(eligible.isEmpty ? "none" : eligible.joined(separator: ", ")))",
                             evidence: evidence)
            }
            return .pass(CheckID.tlogWitnesses, "\(label): cosigned by \(tally.verified.count) of \(threshold) required witnesses: \(cosigned)", evidence: evidence)
        }
    }
}
