import Foundation
import AirlockCrypto
import AirlockFormats
import AirlockStore
import AirlockVerify

/// Log continuity and witnesses as the store holds them (docs/decisions.md D23, D24): what
/// a verification knows (`knowledge`), and how the checkpoints it accepted change what is held (`plan`).
enum LogContinuityState {
    /// The held checkpoints, split views and pinned witnesses of `store`.
    static func knowledge(_ store: Store) throws(ApplianceError) -> LogKnowledge {
        let points = try storeCall { try store.catalogue.tlogCheckpoints() }
        let events = try storeCall { try store.catalogue.tlogEvents() }
        let witnesses = try storeCall { try store.catalogue.tlogWitnesses() }
        var knowledge = LogKnowledge()
        knowledge.checkpoints = points.compactMap { row in
            Hex.decode(row.rootHash).map { KnownCheckpoint(origin: row.origin, size: UInt64(row.size), rootHash: $0, proven: row.proven) }
        }
        knowledge.splitViews = Set(events.filter { $0.action == "split-view" }.map(\.origin))
        for row in witnesses {
            guard let key = try? WitnessKey(verifierKey: row.verifierKey) else { continue }
            knowledge.witnesses[row.origin, default: []].append(key)
        }
        return knowledge
    }

    /// The knowledge document's blob row (a witness rule cites it even when nothing is known, so replay can
    /// read it back); the document is held in `pending` for the write's batch.
    static func storeDocument(_ knowledge: LogKnowledge, into pending: PendingBlobs) -> [BlobRecord] {
        let document = knowledge.document()
        let sha = Hex.encode(Digest.sha256(document))
        pending.add(document, sha256: sha)
        return [BlobRecord(sha256: sha, size: Int64(document.count), mediaType: "application/vnd.airlock.log-knowledge+json")]
    }

    /// The knowledge a recorded verdict was decided with (read back from the blob its continuity or witness
    /// checks cite), or empty when it has none of those checks.
    static func recordedKnowledge(_ verdict: Verdict, _ store: Store, limits: Limits) throws -> LogKnowledge {
        let ids: Set<String> = [CheckID.tlogContinuity, CheckID.tlogWitnesses]
        guard let check = verdict.checks.first(where: { ids.contains($0.id) }),
              let reference = check.evidence.first, let digest = try? ContentDigest(parsing: reference), let hex = digest.sha256Hex else {
            return .empty
        }
        return try LogKnowledge.parse(store.blobs.read(sha256: hex, maxBytes: limits.maxJSONBytes))
    }

    /// The change that checkpoints accepted by a verification make to `knowledge`, applied in order: the
    /// first of a log becomes its proven base; any other not yet held (larger or older) is held unproven, so
    /// re-verifying the same evidence finds it held; a split view (same size, another root) is recorded as an event with both notes and changes
    /// no held checkpoint. Notes go to `pending`, which the caller stores before the change.
    static func plan(_ checkpoints: [VerifiedCheckpoint], knowledge: LogKnowledge, store: Store, now: Date,
                     pending: PendingBlobs) throws(ApplianceError) -> TlogChange {
        var held = Dictionary(grouping: knowledge.checkpoints, by: \.origin).mapValues { HeldCheckpoints($0) }
        var change = TlogChange()
        var noteOf: [String: String] = [:]
        for row in try storeCall({ try store.catalogue.tlogCheckpoints() }) { noteOf["\(row.origin)\n\(row.size)"] = row.noteSHA256 }
        // The notes of every checkpoint recorded go to `pending`: stored with the run's other blobs before the change.
        var splitLogged = Set<String>()
        for verified in checkpoints {
            let point = verified.checkpoint
            let judgement = LogContinuity.judge(point, held: held[point.origin] ?? HeldCheckpoints([]), splitViewRecorded: false)
            // A checkpoint already held as it is changes nothing: its note is stored only when it is recorded.
            if case .known = judgement { continue }
            let noteData = Data(verified.note.utf8)
            let noteSHA = Hex.encode(Digest.sha256(noteData))
            pending.add(noteData, sha256: noteSHA)
            let root = Hex.encode(point.rootHash)
            switch judgement {
            case .known:
                continue
            case .first, .larger, .older:
                let proven = judgement == .first
                held[point.origin, default: HeldCheckpoints([])].add(KnownCheckpoint(origin: point.origin, size: point.size, rootHash: point.rootHash, proven: proven))
                noteOf["\(point.origin)\n\(point.size)"] = noteSHA
                change.checkpoints.append(TlogCheckpointRecord(origin: point.origin, size: Int64(point.size), rootHash: root, logID: verified.logID,
                                                               noteSHA256: noteSHA, proven: proven, recordedAt: now))
                change.events.append(TlogEventRecord(origin: point.origin, action: proven ? "first" : "unproven", size: Int64(point.size),
                                                     rootHash: root, noteSHA256: noteSHA, at: now,
                                                     detail: proven ? "first checkpoint held for the log" : "not connected to the held checkpoints; no consistency proof yet"))
            case .splitView(let reason, let conflicting):
                guard splitLogged.insert("\(point.origin)\n\(root)").inserted else { continue }
                change.events.append(TlogEventRecord(origin: point.origin, action: "split-view", size: Int64(point.size), rootHash: root,
                                                     noteSHA256: noteSHA, otherNoteSHA256: conflicting.flatMap { noteOf["\(point.origin)\n\($0)"] },
                                                     at: now, detail: reason))
            }
        }
        // Decided on the checkpoints held at the start: the write refuses if another command changed them.
        var premise: [String: Set<String>] = [:]
        for origin in Set(change.checkpoints.map(\.origin) + change.events.map(\.origin)) {
            premise[origin] = Set(knowledge.checkpoints.filter { $0.origin == origin }.map {
                TlogChange.heldKey(size: Int64($0.size), rootHash: Hex.encode($0.rootHash), proven: $0.proven)
            })
        }
        change.premise = premise
        return change
    }

    /// `verify-bundle --state`: the `tlog.continuity` checks of a verified result against the held checkpoints
    /// of `stateDirectory` (created if needed), then records its checkpoints as `verify` does.
    static func checkAndRecord(_ result: SigstoreVerificationResult, stateDirectory: URL, at: Date) throws(ApplianceError) -> [CheckResult] {
        let checkpoints = result.logEntries.compactMap(\.checkpoint)
        guard !checkpoints.isEmpty else { return [] }
        let store = try openStore(stateDirectory, mode: .create)
        let knowledge = try knowledge(store)
        let pending = PendingBlobs()
        _ = storeDocument(knowledge, into: pending)
        let checks = LogContinuity.checks(checkpoints, knowledge: knowledge)
        let change = try plan(checkpoints, knowledge: knowledge, store: store, now: at, pending: pending)
        try pending.store(into: store.blobs)
        if !change.isEmpty { try requireIntactDecisionLog(store, stateDirectory) }
        try storeCall { try store.catalogue.recordTlogChange(change) }
        if !change.isEmpty { try signDecisionLog(store, stateDirectory) }
        return checks
    }

    /// Origins that the checkpoints accepted in one run show at one size with two roots (between two of
    /// them: a disagreement with a held checkpoint is already a failed check of its own verdict).
    static func conflicts(_ checkpoints: [VerifiedCheckpoint], knowledge: LogKnowledge) -> Set<String> {
        var held: [String: Data] = [:]
        for point in knowledge.checkpoints { held["\(point.origin)\n\(point.size)"] = point.rootHash }
        var seen: [String: Data] = [:]
        var out = Set<String>()
        for verified in checkpoints {
            let key = "\(verified.origin)\n\(verified.checkpoint.size)"
            guard held[key] == nil else { continue }
            if let root = seen[key], root != verified.checkpoint.rootHash { out.insert(verified.origin) }
            seen[key] = seen[key] ?? verified.checkpoint.rootHash
        }
        return out.subtracting(knowledge.splitViews)
    }

    /// Stores a signed note as a blob; its SHA-256.
    static func putNote(_ note: String, _ store: Store) throws(ApplianceError) -> String {
        let data = Data(note.utf8)
        let sha = Hex.encode(Digest.sha256(data))
        try storeCall { try store.blobs.put(data, sha256: sha) }
        return sha
    }
}
