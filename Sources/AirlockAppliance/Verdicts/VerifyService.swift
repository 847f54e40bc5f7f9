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
        var blobs = [BlobRecord(sha256: policy.sha256, size: Int64(policy.bytes.count), mediaType: "application/vnd.airlock.policy")]
        try storeCall { try store.blobs.put(policy.bytes, sha256: policy.sha256) }
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
            try storeCall { try store.blobs.put(bytes, sha256: material.digest) }
        }
        let maker = VerdictMaker(policy: policy, trust: trust, trustReferences: references, limits: limits)
        // Reads first, serially and in subject order: integrity checks, evidence blobs, annotation blobs.
        var integrity = StoredImageIntegrity(store: store)
        var work: [(subject: ImageSubject, evidence: [EvidenceInput], annotationDigests: [String], annotationBlobs: [BlobRecord])] = []
        let (selected, unverifiedArtifacts) = try subjects(target, store: store, policy: policy.policy)
        let platforms = try PlatformManifests(store: store)
        var notes: [String] = []
        for subject in selected {
            try integrity.check(imageDigest: subject.digest)
            let rule = policy.policy.rule(for: subject)?.rule
            var (evidence, annotationDigests, annotationBlobs) = try gather(subject.digest, store: store, withInToto: rule?.layout != nil)
            let children = subject.isArtifact ? [] : platforms.children(of: subject.digest)
            let indexes = subject.isArtifact ? [] : platforms.indexes(listing: subject.digest)
            if !indexes.isEmpty {
                // A platform manifest decided on its own: its indexes' evidence applies to it (D-carriers-2).
                for index in indexes {
                    let (more, digests, blobs) = try gather(index, store: store, withInToto: false)
                    evidence += more.map { var input = $0; input.aboutDigest = index; return input }
                    annotationDigests += digests
                    annotationBlobs += blobs
                }
                work.append((ImageSubject(digest: subject.digest, names: subject.names, indexes: indexes), evidence, annotationDigests, annotationBlobs))
                continue
            }
            guard rule?.requireAllPlatforms == true, !children.isEmpty else {
                notes += try platforms.unappliedEvidence(of: subject.digest, children: children)
                work.append((subject, evidence, annotationDigests, annotationBlobs))
                continue
            }
            // `platforms: all` (D-carriers-2): each platform manifest with its own evidence.
            for child in children {
                let (more, digests, blobs) = try gather(child.digest, store: store, withInToto: false)
                evidence += more.map { var input = $0; input.aboutDigest = child.digest; return input }
                annotationDigests += digests
                annotationBlobs += blobs
            }
            let decided = ImageSubject(digest: subject.digest, names: subject.names, platforms: children)
            work.append((decided, evidence, annotationDigests, annotationBlobs))
        }
        // Decisions in parallel (pure: the engine only reads immutable, Sendable inputs), each stored at
        // its subject's index, so the recorded order is the serial order whatever the concurrency.
        let inputs = work
        let verdicts = Self.decideAll(inputs.count, maxConcurrency: maxConcurrency ?? ProcessInfo.processInfo.activeProcessorCount) { index in
            maker.decide(inputs[index].subject, evidence: inputs[index].evidence, annotationDigests: inputs[index].annotationDigests, at: time)
        }
        var summaries: [VerdictSummary] = []
        var batches: [VerdictBatch] = []
        for (index, verdict) in verdicts.enumerated() {
            let batch = VerdictMaker.batch(verdict, blobs: blobs + work[index].annotationBlobs)
            batches.append(batch)
            summaries.append(VerdictSummary(verdict, id: batch.verdict.id))
        }
        // One transaction for the whole run: every verdict is recorded, or none.
        _ = try storeCall { try store.catalogue.record(batches) }
        try signDecisionLog(store, stateDirectory)
        return VerifyReport(policySHA256: policy.sha256, policyName: policy.policy.name, verdicts: summaries,
                            unverifiedArtifacts: unverifiedArtifacts, notes: notes)
    }

    /// Runs `decide` for indices `0..<count` on up to `maxConcurrency` threads; result `i` is `decide(i)`.
    static func decideAll(_ count: Int, maxConcurrency: Int, _ decide: @escaping @Sendable (Int) -> Verdict) -> [Verdict] {
        let workers = max(1, min(maxConcurrency, count))
        if workers == 1 { return (0..<count).map(decide) }
        let results = DecisionSlots(count)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for index in stride(from: worker, to: count, by: workers) { results.store(decide(index), at: index) }
        }
        return results.values()
    }

    /// The subjects a target names: its images, with every name they were imported under, then — when the
    /// policy has artifact rules — its release artifacts (D-carriers-1); otherwise the artifacts' paths are
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

    /// The evidence linked to an image, de-duplicated by blob and annotations, with annotation blobs stored.
    /// With `withInToto` (the deciding rule requires a layout), also the loose in-toto layout and link files
    /// of every transfer archive the image came in (see `LayoutEvidence`).
    private func gather(_ digest: String, store: Store, withInToto: Bool) throws(ApplianceError)
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
            try storeCall { try store.blobs.put(document, sha256: annotationsSHA) }
            blobs.append(BlobRecord(sha256: annotationsSHA, size: Int64(document.count), mediaType: "application/vnd.airlock.annotations+json"))
            inputs.append(EvidenceInput(sha256: record.sha256, kind: record.kind.rawValue, mediaType: record.mediaType,
                                        annotations: record.annotations, content: content))
            digests.append(annotationsSHA)
        }
        return (inputs, digests, blobs)
    }
}

/// One slot per image for the parallel decisions. `@unchecked Sendable`: every worker writes only its own
/// (strided) indices, each exactly once, and the slots are read only after `concurrentPerform` returns.
private final class DecisionSlots: @unchecked Sendable {
    private let slots: UnsafeMutableBufferPointer<Verdict?>

    init(_ count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil)
    }

    deinit {
        slots.deinitialize()
        slots.deallocate()
    }

    func store(_ verdict: Verdict, at index: Int) { slots[index] = verdict }

    func values() -> [Verdict] { slots.map { $0! } }
}
