public import Foundation
import Dispatch
import AirlockCrypto
public import AirlockFormats
import AirlockStore
import AirlockVerify

/// The verify use case: decide images under a site policy from the evidence in the store, and record
/// one verdict per image (append-only). The policy and trust roots are stored by digest first, so any
/// verdict can later be replayed from the state directory alone.
public struct VerifyService: Sendable {
    /// The state directory.
    public let stateDirectory: URL
    /// Input limits.
    public let limits: Limits
    /// How many images are decided at once: `nil` (the default) means the active processor count, `1`
    /// decides them one after another (the reference for tests and `tools/bench`). Verdicts, their ids
    /// and the order of the recorded rows do not depend on it.
    public let maxConcurrency: Int?

    /// Makes the service.
    public init(stateDirectory: URL, limits: Limits = .default, maxConcurrency: Int? = nil) {
        self.stateDirectory = stateDirectory
        self.limits = limits
        self.maxConcurrency = maxConcurrency
    }

    /// Decides `target` under the policy at `policyPath` as of `at` (truncated to whole seconds, default now).
    public func verify(_ target: ImageTarget, policyPath: String, at: Date? = nil) throws(ApplianceError) -> VerifyReport {
        try verify(target, policy: LoadedPolicy.load(path: policyPath, limits: limits, stateDirectory: stateDirectory), at: at)
    }

    /// Decides `target` under an already loaded policy.
    public func verify(_ target: ImageTarget, policy: LoadedPolicy, at: Date? = nil) throws(ApplianceError) -> VerifyReport {
        try verify(target, policy: policy, trustRoots: policy.trustRootBytes(limits: limits), at: at)
    }

    /// Decides `target` under the policy and trust roots of the most recently recorded verdict, read
    /// from the state directory by digest: re-verification after new imports without the policy file.
    public func verifyWithRecordedPolicy(_ target: ImageTarget, at: Date? = nil) throws(ApplianceError) -> VerifyReport {
        let store = try openStore(stateDirectory, mode: .existing)
        guard let latest = try storeCall({ try store.catalogue.verdicts() }).last else {
            throw ApplianceError(.badInput, "no policy given and no verdict recorded yet: pass --policy FILE", field: "policy")
        }
        do {
            let recorded = try Verdict.parse(latest.document, limits: limits)
            let policy = try LoadedPolicy(bytes: store.blobs.read(sha256: recorded.policy.sha256, maxBytes: limits.maxJSONBytes), directory: nil,
                                          knownTrustRoots: Set(recorded.trustRoots.map(\.name)))
            let roots = try recorded.trustRoots.map { ($0.name, try store.blobs.read(sha256: $0.sha256, maxBytes: limits.maxJSONBytes)) }
            return try verify(target, policy: policy, trustRoots: roots, at: at)
        } catch let error as ApplianceError {
            throw error
        } catch let error as StoreError {
            throw ApplianceError(error)
        } catch {
            throw ApplianceError(.internalError, "the recorded policy of verdict \(latest.id) cannot be loaded: \(error)")
        }
    }

    func verify(_ target: ImageTarget, policy: LoadedPolicy, trustRoots: [(name: String, bytes: Data)],
                at: Date?) throws(ApplianceError) -> VerifyReport {
        let time = Date(timeIntervalSince1970: ((at ?? Date()).timeIntervalSince1970).rounded(.down))
        let store = try openStore(stateDirectory, mode: .existing)
        try requireIntactDecisionLog(store, stateDirectory)
        // Every blob the run makes is stored in one batch right before its records (one sync, D29).
        let pending = PendingBlobs()
        var blobs = [BlobRecord(sha256: policy.sha256, size: Int64(policy.bytes.count), mediaType: "application/vnd.airlock.policy")]
        pending.add(policy.bytes, sha256: policy.sha256)
        var trust: [String: TrustMaterial] = [:]
        var references: [TrustRootReference] = []
        for (name, bytes) in trustRoots {
            let material: TrustMaterial
            do {
                material = try TrustMaterial(json: bytes, limits: limits)
            } catch {
                throw ApplianceError(.badInput, "trust root \(name) does not parse: \(error)")
            }
            trust[name] = material
            references.append(TrustRootReference(name: name, sha256: material.digest))
            blobs.append(BlobRecord(sha256: material.digest, size: Int64(bytes.count), mediaType: MediaType.trustedRootBlob))
            pending.add(bytes, sha256: material.digest)
        }
        var maker = VerdictMaker(policy: policy, trust: trust, trustReferences: references, limits: limits)
        maker.logs = try LogContinuityState.knowledge(store)
        blobs += LogContinuityState.storeDocument(maker.logs, into: pending)
        let (subjects, unverifiedArtifacts) = try subjects(target, store: store, policy: policy.policy)
        let platforms = try PlatformManifests(store: store)
        let workers = maxConcurrency ?? ProcessInfo.processInfo.activeProcessorCount
        // Stored-blob integrity first: every blob of every bundle the subjects came in, each re-hashed
        // once, spread over the workers (the bundles' file lists are read serially, once).
        let integrity = StoredImageIntegrity(store: store)
        try integrity.checkAll(try integrity.blobs(of: subjects.map(\.digest)), maxConcurrency: workers)
        // Then each subject end to end on the workers: evidence rows and blobs read (the store's reads are
        // concurrent: WAL readers, content-addressed files), annotation blobs held for the batch, decided,
        // and encoded as its canonical verdict.
        // Every result lands at its subject's index: the recorded order is the serial order whatever
        // the concurrency, and so are the verdicts and their ids.
        let sharedBlobs = blobs
        let decider = maker
        var work = try Self.performAll(subjects.count, maxConcurrency: workers) { (index) throws(ApplianceError) -> SubjectWork in
            // A failure names its subject (`digest`) when it names no digest yet.
            var prepared: SubjectWork
            do throws(ApplianceError) {
                prepared = try prepare(subjects[index], policy: policy.policy, platforms: platforms, store: store, pending: pending)
            } catch {
                throw error.naming(subject: subjects[index].digest)
            }
            prepared.decided = decider.decideWithCheckpoints(prepared.subject, evidence: prepared.evidence,
                                                             annotationDigests: prepared.annotationDigests, at: time)
            prepared.batch = VerdictMaker.batch(prepared.decided!.verdict, blobs: sharedBlobs + prepared.annotationBlobs)
            return prepared
        }
        // Two images of this run showing one log at one size with two roots: re-decided knowing the split view.
        let split = LogContinuityState.conflicts(work.flatMap(\.decided!.checkpoints), knowledge: maker.logs)
        if !split.isEmpty {
            maker.logs.splitViews.formUnion(split)
            blobs += LogContinuityState.storeDocument(maker.logs, into: pending)
            for i in work.indices where work[i].decided!.checkpoints.contains(where: { split.contains($0.origin) }) {
                work[i].decided = maker.decideWithCheckpoints(work[i].subject, evidence: work[i].evidence,
                                                              annotationDigests: work[i].annotationDigests, at: time)
                work[i].batch = VerdictMaker.batch(work[i].decided!.verdict, blobs: blobs + work[i].annotationBlobs)
            }
        }
        let decided = work.map { $0.decided! }
        let batches = work.map { $0.batch! }
        let summaries = work.map { VerdictSummary($0.decided!.verdict, id: $0.batch!.verdict.id) }
        let notes = work.flatMap(\.notes)
        // One transaction for the whole run: every verdict and the continuity change of their checkpoints
        // (notes stored first) are recorded, or none; one checkpoint seals them.
        let held = try LogContinuityState.plan(decided.flatMap(\.checkpoints), knowledge: maker.logs, store: store, now: time, pending: pending)
        try pending.store(into: store.blobs)
        _ = try storeCall { try store.catalogue.record(batches, tlogChange: held) }
        try signDecisionLog(store, stateDirectory)
        return VerifyReport(policySHA256: policy.sha256, policyName: policy.policy.name, verdicts: summaries,
                            unverifiedArtifacts: unverifiedArtifacts, notes: notes)
    }

    /// Runs `work` for indices `0..<count` on up to `maxConcurrency` threads; result `i` is `work(i)`.
    /// The first error (lowest index) is thrown after every worker stopped; later indices of a worker
    /// that failed are not run.
    static func performAll<Value>(_ count: Int, maxConcurrency: Int,
                                  _ work: @escaping @Sendable (Int) throws(ApplianceError) -> Value) throws(ApplianceError) -> [Value] {
        let workers = max(1, min(maxConcurrency, count))
        if workers == 1 { return try (0..<count).map { (index) throws(ApplianceError) in try work(index) } }
        let results = ResultSlots<Value>(count)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for index in stride(from: worker, to: count, by: workers) {
                do throws(ApplianceError) {
                    results.store(.success(try work(index)), at: index)
                } catch {
                    results.store(.failure(error), at: index)
                    return
                }
            }
        }
        return try results.values()
    }

    /// A subject's evidence as its rule will weigh it (D22): a platform manifest decided on its
    /// own also counts its indexes' evidence; under `platforms: all` an index counts each platform's
    /// evidence; otherwise a platform's own evidence is reported in `notes` as not applied to its index.
    private func prepare(_ subject: ImageSubject, policy: SitePolicy, platforms: PlatformManifests,
                         store: Store, pending: PendingBlobs) throws(ApplianceError) -> SubjectWork {
        let rule = policy.rule(for: subject)?.rule
        var (evidence, annotationDigests, annotationBlobs) = try gather(subject.digest, store: store, withInToto: rule?.layout != nil, pending: pending)
        func add(_ digest: String) throws(ApplianceError) {
            let (more, digests, blobs) = try gather(digest, store: store, withInToto: false, pending: pending)
            evidence += more.map { var input = $0; input.aboutDigest = digest; return input }
            annotationDigests += digests
            annotationBlobs += blobs
        }
        let children = subject.isArtifact ? [] : platforms.children(of: subject.digest)
        let indexes = subject.isArtifact ? [] : platforms.indexes(listing: subject.digest)
        var decided = subject
        var notes: [String] = []
        if !indexes.isEmpty {
            for index in indexes { try add(index) }
            decided = ImageSubject(digest: subject.digest, names: subject.names, indexes: indexes)
        } else if rule?.requireAllPlatforms == true, !children.isEmpty {
            for child in children { try add(child.digest) }
            decided = ImageSubject(digest: subject.digest, names: subject.names, platforms: children)
        } else {
            notes = try platforms.unappliedEvidence(of: subject.digest, children: children)
        }
        return SubjectWork(subject: decided, evidence: evidence, annotationDigests: annotationDigests,
                           annotationBlobs: annotationBlobs, notes: notes)
    }

    /// The subjects a target names: its images, with every name they were imported under, then — when the
    /// policy has artifact rules — its release artifacts (D21); otherwise the artifacts' paths are
    /// returned as not verified, to be reported rather than silently ignored.
    private func subjects(_ target: ImageTarget, store: Store, policy: SitePolicy) throws(ApplianceError)
        -> (subjects: [ImageSubject], unverifiedArtifacts: [String]) {
        let artifacts = try ArtifactSubjects.select(target, store: store)
        let images = try imageSubjects(target, store: store, artifactsSelected: !artifacts.isEmpty)
        guard policy.hasArtifactRules else { return (images, artifacts.flatMap(\.names).sorted()) }
        return ((images + artifacts).sorted { ($0.digest, $0.isArtifact ? 1 : 0) < ($1.digest, $1.isArtifact ? 1 : 0) }, [])
    }

    /// The images a target names, with every name they were imported under.
    private func imageSubjects(_ target: ImageTarget, store: Store, artifactsSelected: Bool) throws(ApplianceError) -> [ImageSubject] {
        let images = try storeCall { try store.catalogue.images() }
        var selected: [ImageRecord]
        switch target {
        case .all:
            selected = images.filter { $0.parentDigest == nil }
            guard !selected.isEmpty || artifactsSelected else {
                throw ApplianceError(.badInput, "no images have been imported: there is nothing to verify", field: "--all")
            }
        case .bundle(let id):
            selected = images.filter { $0.parentDigest == nil && $0.bundleID == id }
        case .image(let reference):
            selected = images.filter { $0.digest == reference || $0.names.contains(reference) }
            guard !selected.isEmpty || artifactsSelected else {
                throw ApplianceError(.badInput, "no imported image has digest or name \"\(reference)\"", code: "unknown-image", field: "image")
            }
        }
        let digests = Set(selected.map(\.digest))
        var names: [String: [String]] = [:]
        for image in images where digests.contains(image.digest) {
            names[image.digest, default: []] += image.names
        }
        return names.keys.sorted().map { ImageSubject(digest: $0, names: names[$0]!) }
    }

    /// The evidence linked to an image, de-duplicated by blob and annotations; annotation blobs go to `pending`.
    /// With `withInToto` (the deciding rule requires a layout), also the loose in-toto layout and link files
    /// of every transfer archive the image came in (see `LayoutEvidence`).
    private func gather(_ digest: String, store: Store, withInToto: Bool, pending: PendingBlobs) throws(ApplianceError)
        -> ([EvidenceInput], [String], [BlobRecord]) {
        var records = try storeCall { try store.catalogue.evidence(subjectDigest: digest) }
        if withInToto { records += try LayoutEvidence.records(of: digest, store: store) }
        var seen = Set<String>()
        var inputs: [EvidenceInput] = []
        var digests: [String] = []
        var blobs: [BlobRecord] = []
        for record in records {
            let document = VerdictMaker.annotationsDocument(record.annotations)
            let annotationsSHA = Hex.encode(Digest.sha256(document))
            guard seen.insert("\(record.sha256) \(annotationsSHA) \(record.kind.rawValue)").inserted else { continue }
            let content = try storeCall { try store.blobs.read(sha256: record.sha256, maxBytes: limits.maxJSONBytes) }
            pending.add(document, sha256: annotationsSHA)
            blobs.append(BlobRecord(sha256: annotationsSHA, size: Int64(document.count), mediaType: "application/vnd.airlock.annotations+json"))
            inputs.append(EvidenceInput(sha256: record.sha256, kind: record.kind.rawValue, mediaType: record.mediaType,
                                        annotations: record.annotations, content: content))
            digests.append(annotationsSHA)
        }
        return (inputs, digests, blobs)
    }
}

/// What the parallel phase produces for one subject: its inputs (kept for a re-decision after a
/// split view), the decision and its store batch.
private struct SubjectWork {
    let subject: ImageSubject
    let evidence: [EvidenceInput]
    let annotationDigests: [String]
    let annotationBlobs: [BlobRecord]
    /// Platform evidence not applied to an index (reported, D22).
    let notes: [String]
    var decided: (verdict: Verdict, checkpoints: [VerifiedCheckpoint])?
    var batch: VerdictBatch?
}

/// One slot per subject for the parallel phase. `@unchecked Sendable`: every worker writes only its
/// own (strided) indices, each at most once, and the slots are read only after `concurrentPerform`
/// returns.
private final class ResultSlots<Value>: @unchecked Sendable {
    private let slots: UnsafeMutableBufferPointer<Result<Value, ApplianceError>?>

    init(_ count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil)
    }

    deinit {
        slots.deinitialize()
        slots.deallocate()
    }

    func store(_ result: Result<Value, ApplianceError>, at index: Int) { slots[index] = result }

    /// The values in index order, or the failure of the lowest failing index. A slot left empty (after
    /// its worker failed earlier) always follows a failure, which is thrown first.
    func values() throws(ApplianceError) -> [Value] {
        var out: [Value] = []
        out.reserveCapacity(slots.count)
        for slot in slots {
            switch slot {
            case .success(let value)?: out.append(value)
            case .failure(let error)?: throw error
            case nil: throw ApplianceError(.internalError, "a parallel verification slot was left empty")
            }
        }
        return out
    }
}
