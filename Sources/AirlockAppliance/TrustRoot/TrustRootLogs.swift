public import Foundation
import AirlockCrypto
import AirlockFormats
import AirlockStore
import AirlockVerify

extension TrustRootLibrary {
    /// Every log with held checkpoints, split views or pinned witnesses.
    public func logs() throws(ApplianceError) -> LogContinuityList {
        guard let store = try existingStore() else { return LogContinuityList(logs: []) }
        return LogContinuityList(logs: try Self.logEntries(store, origins: nil))
    }

    /// The continuity entries of the logs of `material` (nil when none is held), for `trustroot show`.
    static func logEntries(of material: TrustMaterial, _ store: Store) throws(ApplianceError) -> [LogContinuityEntry]? {
        let ids = Set(material.tlogs.values.map(\.logIDHex))
        let origins = Set(try storeCall { try store.catalogue.tlogCheckpoints() }.filter { ids.contains($0.logID) }.map(\.origin))
        guard !origins.isEmpty else { return nil }
        return try logEntries(store, origins: origins)
    }

    /// The continuity entries of `origins` (every origin when nil).
    static func logEntries(_ store: Store, origins: Set<String>?) throws(ApplianceError) -> [LogContinuityEntry] {
        let points = try storeCall { try store.catalogue.tlogCheckpoints() }
        let events = try storeCall { try store.catalogue.tlogEvents() }
        let witnesses = try storeCall { try store.catalogue.tlogWitnesses() }
        let all = Set(points.map(\.origin)).union(events.map(\.origin)).union(witnesses.map(\.origin))
        return all.filter { origins?.contains($0) ?? true }.sorted().map { origin in
            LogContinuityEntry(
                origin: origin,
                checkpoints: points.filter { $0.origin == origin }.map {
                    HeldCheckpoint(size: $0.size, rootHash: $0.rootHash, status: $0.proven ? "proven" : "unproven", noteSHA256: $0.noteSHA256)
                },
                splitViews: events.filter { $0.origin == origin && $0.action == "split-view" }.map {
                    SplitViewRecord(size: $0.size, rootHash: $0.rootHash, noteSHA256: $0.noteSHA256, otherNoteSHA256: $0.otherNoteSHA256,
                                    at: $0.at, reason: $0.detail)
                },
                witnesses: witnesses.filter { $0.origin == origin }.map(\.name))
        }
    }

    /// Supplies a checkpoint for `trustroot checkpoint add`: a signed note, or a C2SP tlog-witness
    /// `add-checkpoint` body (`old <size>`, base64 consistency-proof lines, a blank line, the note). The note
    /// must verify with a log of the trust root `trustRoot`. With a proof from a held size, a proof that fails
    /// is a split view; otherwise it connects the checkpoint (proven when the old one is). A split view is
    /// recorded (both notes kept) and then refused (`tlog-split-view`, exit 1); held checkpoints do not change.
    public func addCheckpoint(file path: String, trustRoot: String, now: Date = Date()) throws(ApplianceError) -> CheckpointAddReport {
        let data = try readLimitedFile(path, limit: limits.maxJSONBytes)
        guard let text = String(data: data, encoding: .utf8) else {
            throw ApplianceError(.badInput, "the checkpoint file is not UTF-8", code: "bad-checkpoint", file: path)
        }
        let (old, proof, note) = try splitWitnessBody(text, file: path)
        let material = try resolve(trustRoot).material(limits: limits)
        let verified: VerifiedCheckpoint
        do { verified = try LogCheckpoints.verify(note: note, trust: material, limits: limits) } catch {
            throw ApplianceError(.verificationFailed, error.reason, code: CheckID.tlogCheckpoint, file: path)
        }
        return try addVerifiedCheckpoint(verified, old: old, proof: proof, note: note, file: path, entry: nil, now: now)
    }

    /// The part of `addCheckpoint` after the note verified, shared with the `checkpoints/` folder of an
    /// imported archive (`entry` names the file inside it, `file` the archive): judges the checkpoint
    /// against the held ones of its log, checks the proof from `old`, and records the outcome or the split view.
    func addVerifiedCheckpoint(_ verified: VerifiedCheckpoint, old: UInt64?, proof: [Data], note: String, file path: String, entry: String?,
                               now: Date) throws(ApplianceError) -> CheckpointAddReport {
        let store = try openStore(stateDirectory, mode: .create)
        let knowledge = try LogContinuityState.knowledge(store)
        let point = verified.checkpoint
        let at = Self.whole(now)
        let held = knowledge.checkpoints.filter { $0.origin == point.origin }
        let noteSHA = try LogContinuityState.putNote(note, store)
        let root = Hex.encode(point.rootHash)
        let rows = try storeCall { try store.catalogue.tlogCheckpoints() }.filter { $0.origin == point.origin }
        func refuse(_ reason: String, other: String?) throws(ApplianceError) -> Never {
            let event = TlogEventRecord(origin: point.origin, action: "split-view", size: Int64(point.size), rootHash: root, noteSHA256: noteSHA,
                                        otherNoteSHA256: other, at: at, detail: reason)
            try requireIntactDecisionLog(store, stateDirectory)
            try storeCall { try store.catalogue.recordTlogChange(TlogChange(events: [event])) }
            try signDecisionLog(store, stateDirectory)
            throw ApplianceError(.verificationFailed, "split view: \(reason); both notes are recorded (airlock trustroot logs)",
                                 code: "tlog-split-view", file: path, entry: entry)
        }
        if case .splitView(let reason, let size) = LogContinuity.judge(point, held: held, splitViewRecorded: false) {
            try refuse(reason, other: rows.first { UInt64($0.size) == size }?.noteSHA256)
        }
        var proven = held.isEmpty
        var outcome = held.isEmpty ? "first" : "added"
        var message = held.isEmpty ? "first checkpoint held for the log" : "held unproven: no consistency proof given"
        if let old {
            guard let base = held.first(where: { $0.size == old }) else {
                throw ApplianceError(.badInput, "no checkpoint of size \(old) is held for \(point.origin); the proof cannot be checked",
                                     code: "unknown-checkpoint-size", file: path, entry: entry)
            }
            if let reason = LogContinuity.inconsistency(old: base, new: point, proof: proof) {
                try refuse(reason, other: rows.first { UInt64($0.size) == old }?.noteSHA256)
            }
            proven = base.proven
            outcome = "connected"
            message = "consistent with the held checkpoint of size \(old)\(base.proven ? "" : " (itself unproven)")"
        }
        if let same = held.first(where: { $0.size == point.size }), same.proven || !proven {
            return CheckpointAddReport(origin: point.origin, size: Int64(point.size), outcome: "known", message: "the same checkpoint is already held")
        }
        let record = TlogCheckpointRecord(origin: point.origin, size: Int64(point.size), rootHash: root, logID: verified.logID,
                                          noteSHA256: noteSHA, proven: proven, recordedAt: at)
        let event = TlogEventRecord(origin: point.origin, action: outcome, size: Int64(point.size), rootHash: root, noteSHA256: noteSHA, at: at,
                                    detail: message + (old.map { " (proof from size \($0), \(proof.count) hashes)" } ?? ""))
        try requireIntactDecisionLog(store, stateDirectory)
        try storeCall { try store.catalogue.recordTlogChange(TlogChange(checkpoints: [record], events: [event])) }
        try signDecisionLog(store, stateDirectory)
        return CheckpointAddReport(origin: point.origin, size: Int64(point.size), outcome: outcome, message: message)
    }

    /// Splits a tlog-witness `add-checkpoint` body into the old size, the proof and the note; a bare note has
    /// neither. Errors name the line (1-based) and, for a file of an archive's `checkpoints/`, the `entry`.
    func splitWitnessBody(_ text: String, file: String, entry: String? = nil) throws(ApplianceError) -> (UInt64?, [Data], String) {
        guard text.hasPrefix("old ") else { return (nil, [], text) }
        guard let blank = text.range(of: "\n\n") else {
            throw ApplianceError(.badInput, "line \(text.split(separator: "\n", omittingEmptySubsequences: false).count): an add-checkpoint body needs a blank line before the checkpoint", code: "bad-checkpoint", file: file, entry: entry)
        }
        let head = text[..<blank.lowerBound].split(separator: "\n", omittingEmptySubsequences: false)
        let sizeText = head[0].dropFirst(4)
        guard let size = UInt64(sizeText), sizeText == "0" || !sizeText.hasPrefix("0") else {
            throw ApplianceError(.badInput, "line 1: \"\(head[0].prefix(40))\" is not old <decimal size>", code: "bad-checkpoint", file: file, entry: entry)
        }
        guard head.count - 1 <= limits.maxProofHashes else {
            throw ApplianceError(.badInput, "line \(limits.maxProofHashes + 2): the consistency proof has \(head.count - 1) hashes; the limit is \(limits.maxProofHashes)", code: "bad-checkpoint", file: file, entry: entry)
        }
        var proof: [Data] = []
        for (i, line) in head.dropFirst().enumerated() {
            guard let hash = Base64.decode(String(line)), hash.count == 32 else {
                throw ApplianceError(.badInput, "line \(i + 2): consistency proof hash \(i + 1) is not base64 of 32 bytes", code: "bad-checkpoint", file: file, entry: entry)
            }
            proof.append(hash)
        }
        return (size, proof, String(text[blank.upperBound...]))
    }
}
