import Foundation
import AirlockCrypto
import AirlockFormats

/// What the transparency-log step established besides its checks.
struct TlogFindings {
    /// The entries that verified.
    var entries: [VerifiedLogEntry] = []
    /// The integrated times backed by a verified signed entry timestamp.
    var times: [VerifiedTime] = []
}

/// Verifies every transparency-log entry of a bundle (docs/formats.md §0 step 2), in the order
/// sigstore-go uses: log lookup → version rules → SET → inclusion proof and checkpoint → body.
enum TlogStep {
    static func run(_ context: SigningContext, trust: TrustMaterial, limits: Limits) -> StepOutcome<TlogFindings> {
        var outcome = StepOutcome(checks: [], value: TlogFindings())
        var seen = Set<String>()
        for (index, entry) in context.bundle.verificationMaterial.tlogEntries.enumerated() {
            let label = "tlog entry \(index) (log index \(entry.logIndex))"
            let identity = "\(Hex.encode(entry.logID))/\(entry.logIndex)"
            guard seen.insert(identity).inserted else {
                outcome.checks.append(.fail(CheckID.tlogEntries, "\(label) duplicates an earlier entry of the same log"))
                continue
            }
            guard let log = trust.tlogs[Hex.encode(entry.logID)] else {
                outcome.checks.append(.skip(CheckID.tlogLog, "\(label): log \(Base64.encode(entry.logID).prefix(8))… is not in the trust root; entry ignored"))
                continue
            }
            let isV2 = entry.version == "0.0.2" && (entry.kind == "hashedrekord" || entry.kind == "dsse")
            let result = isV2
                ? RekorV2Entry.verify(entry, log: log, context: context, label: label, limits: limits)
                : RekorV1Entry.verify(entry, log: log, context: context, label: label, limits: limits)
            outcome.checks.append(contentsOf: result.checks)
            if let verified = result.value {
                outcome.value.entries.append(verified)
                if let time = verified.integratedTime {
                    outcome.value.times.append(VerifiedTime(time: time, source: .transparencyLog, authority: log.instance.baseURL))
                }
            }
        }
        return outcome
    }
}

/// The checks and (if every check held) the verified entry for one log entry.
typealias EntryResult = StepOutcome<VerifiedLogEntry?>

/// Verifies an RFC 6962 inclusion proof against a signed checkpoint for `leaf`.
func verifyInclusion(
    leaf: Data, index: Int64, proof: InclusionProof, log: TrustedLog, label: String, limits: Limits,
    checkpointIsAuthoritative: Bool
) -> CheckResult {
    verifyInclusionAndCheckpoint(leaf: leaf, index: index, proof: proof, log: log, label: label, limits: limits,
                                 checkpointIsAuthoritative: checkpointIsAuthoritative).check
}

/// As `verifyInclusion`, also returning the checkpoint when the proof verified against it (for log continuity and witnesses).
/// The checkpoint's signature is verified once, and the checkpoint it vouches for is the one returned.
func verifyInclusionAndCheckpoint(
    leaf: Data, index: Int64, proof: InclusionProof, log: TrustedLog, label: String, limits: Limits,
    checkpointIsAuthoritative: Bool
) -> (check: CheckResult, checkpoint: VerifiedCheckpoint?) {
    let (check, checkpoint) = inclusionCheck(leaf: leaf, index: index, proof: proof, log: log, label: label, limits: limits,
                                             checkpointIsAuthoritative: checkpointIsAuthoritative)
    guard check.status == .passed, let checkpoint, let envelope = proof.checkpoint else { return (check, nil) }
    return (check, VerifiedCheckpoint(logID: log.logIDHex, checkpoint: checkpoint, note: envelope))
}

/// The inclusion check, and the checkpoint whose signature verified (nil when it did not).
private func inclusionCheck(
    leaf: Data, index: Int64, proof: InclusionProof, log: TrustedLog, label: String, limits: Limits,
    checkpointIsAuthoritative: Bool
) -> (CheckResult, Checkpoint?) {
    guard let envelope = proof.checkpoint, !envelope.isEmpty else {
        return (.fail(CheckID.tlogCheckpoint, "\(label): inclusion proof has no checkpoint"), nil)
    }
    let checkpoint: Checkpoint
    do {
        checkpoint = try CheckpointVerifier.verify(envelope: envelope, log: log, limits: limits)
    } catch {
        return (.fail(CheckID.tlogCheckpoint, "\(label): \(error.reason)"), nil)
    }
    guard checkpoint.rootHash == proof.rootHash, checkpoint.size == UInt64(clamping: proof.treeSize) else {
        return (.fail(CheckID.tlogCheckpoint, "\(label): checkpoint (size \(checkpoint.size)) disagrees with the inclusion proof (size \(proof.treeSize))"), checkpoint)
    }
    let leafIndex = checkpointIsAuthoritative ? index : proof.logIndex
    guard leafIndex >= 0, proof.treeSize > 0 else {
        return (.fail(CheckID.tlogInclusion, "\(label): negative index or empty tree in inclusion proof"), checkpoint)
    }
    do {
        try MerkleInclusion.verify(
            index: UInt64(leafIndex), size: checkpoint.size, leafHash: MerkleHasher.leafHash(leaf),
            root: checkpoint.rootHash, proof: proof.hashes)
    } catch {
        return (.fail(CheckID.tlogInclusion, "\(label): \(error.reason)"), checkpoint)
    }
    return (.pass(CheckID.tlogInclusion, "\(label): included in \(checkpoint.origin) at size \(checkpoint.size)",
                  evidence: [Hex.encode(checkpoint.rootHash)]), checkpoint)
}
