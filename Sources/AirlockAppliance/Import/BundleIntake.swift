public import Foundation
public import AirlockFormats

/// `airlock import` as one use case: the optional offline TUF update of a trust root from the bundle, the
/// import, the bundle's checkpoint files, and the optional verification of the bundle's images under a
/// site policy, in the order that keeps the store unchanged whenever an input is bad.
///
/// Order (docs/decisions.md D23, D26):
/// 1. the policy is loaded and linted (a bad policy changes nothing);
/// 2. with a trust-root update, the archive's `checkpoints/` folder is parsed in a pass of its own, then the
///    update runs (a refused update changes nothing); otherwise the import hands the folder over from its
///    single pass, before it commits;
/// 3. the import (all or nothing);
/// 4. checkpoint files whose proofs start at a size already held are applied (a split view fails here);
/// 5. with a policy, the bundle's images are verified, then the remaining checkpoint files are applied, and
///    a verification of nothing fails (`NothingVerified`) unless `allowEmpty`.
///
/// Everything runs in one `DecisionLogCommandScope`, so the write guard sweeps old records once.
public struct BundleIntake: Sendable {
    /// What to take in.
    public struct Request: Sendable {
        /// The archive, an unpacked tree (`isDirectory`), or `ImportService.standardInput`.
        public var source: URL
        /// Whether `source` is an unpacked layout or evidence tree (`import --dir`).
        public var isDirectory: Bool
        /// The site policy file to verify the bundle's images under; nil imports only.
        public var policyPath: String?
        /// With a policy, accept a bundle that yields no verdict.
        public var allowEmpty: Bool
        /// The TUF-pinned trust root to update from the bundle's `tuf/` folder first, if any.
        public var updateTrustRoot: String?
        /// The verification instant (nil: the clock at each step).
        public var at: Date?

        /// A request; every field as documented on the properties.
        public init(source: URL, isDirectory: Bool = false, policyPath: String? = nil, allowEmpty: Bool = false,
                    updateTrustRoot: String? = nil, at: Date? = nil) {
            self.source = source
            self.isDirectory = isDirectory
            self.policyPath = policyPath
            self.allowEmpty = allowEmpty
            self.updateTrustRoot = updateTrustRoot
            self.at = at
        }
    }

    /// What was done: the trust-root update (if requested), the import with its checkpoint files, and the
    /// verdicts (with a policy).
    public struct Outcome: Sendable {
        /// The TUF update's report, when one was requested.
        public var trustRootUpdate: TUFUpdateReport?
        /// The import report; `checkpoints` says what the bundle's checkpoint files did.
        public var imported: ImportReport
        /// The verdicts of the bundle's images, with a policy.
        public var verified: VerifyReport?
    }

    /// A failure, with whatever had already been done and committed before it (nil parts were not reached):
    /// e.g. a split view found by the bundle's checkpoint files after the import committed.
    public struct Failure: Error, Sendable {
        /// The error (its kind decides the exit code).
        public var error: ApplianceError
        /// The trust-root update, when it ran before the failure.
        public var trustRootUpdate: TUFUpdateReport?
        /// The import, when it committed before the failure.
        public var imported: ImportReport?
        /// The verdicts, when the verification recorded them before the failure (a split view found by a
        /// checkpoint file only the verification's own checkpoints connect, or nothing verified).
        public var verified: VerifyReport?
    }

    /// The state directory.
    public let stateDirectory: URL
    /// Input limits.
    public let limits: Limits

    /// The use case over `stateDirectory`; nothing is opened until `run`.
    public init(stateDirectory: URL, limits: Limits = .default) {
        self.stateDirectory = stateDirectory
        self.limits = limits
    }

    /// Runs `request` (see the type's order). `progress` gets the import's progress. Throws `Failure`,
    /// carrying what was committed before the error. A verification in which an image failed is not a
    /// failure here: `Outcome.verified.allPassed` says it.
    /// `importEnded` is called once the import step ends, either way (e.g. to clear a progress line before
    /// the verification).
    public func run(_ request: Request, progress: (@Sendable (ImportProgress) -> Void)? = nil,
                    importEnded: (@Sendable () -> Void)? = nil) throws(Failure) -> Outcome {
        try DecisionLogCommandScope.run { () throws(Failure) -> Outcome in try intake(request, progress: progress, importEnded: importEnded) }
    }

    private func intake(_ request: Request, progress: (@Sendable (ImportProgress) -> Void)?,
                        importEnded: (@Sendable () -> Void)?) throws(Failure) -> Outcome {
        var update: TUFUpdateReport?
        var report: ImportReport?
        var verified: VerifyReport?
        do throws(ApplianceError) {
            // The import's write guard starts now, on an existing state, so that it runs beside the policy's
            // loading as well as the archive stream (D33); not when a trust-root update writes first (its own
            // guard runs then, and the import's starts after it). A failure before the import ends the command
            // with its own error, after the guard has finished. A store that does not open starts no guard here:
            // the policy's load, then the import, open it again and report that (a policy that does not load
            // answers first, as before).
            let early = request.updateTrustRoot == nil ? try? OverlappedWriteGuard.startIfStateExists(stateDirectory) : nil
            defer { early?.finish() }
            let policy = try request.policyPath.map { (path) throws(ApplianceError) in
                try LoadedPolicy.load(path: path, stateDirectory: stateDirectory)
            }
            let library = TrustRootLibrary(stateDirectory: stateDirectory, limits: limits)
            var checkpoints = ArchiveCheckpoints(archive: request.source.path, pending: [])
            if let name = request.updateTrustRoot {
                checkpoints = try library.archiveCheckpoints(request.source, isDirectory: request.isDirectory)
                update = try library.updateFromArchive(name, archive: request.source, isDirectory: request.isDirectory, at: request.at ?? Date())
            }
            var handedOver: ArchiveCheckpoints?
            let archivePath = request.source.path
            let inspect: ImportService.FolderInspection? = request.updateTrustRoot != nil ? nil : (name: "checkpoints", handler: { (files) throws(ApplianceError) in
                handedOver = try library.archiveCheckpoints(files: files, archive: archivePath)
            })
            var imported = try { () throws(ApplianceError) -> ImportReport in
                defer { importEnded?() }
                return try ImportService(stateDirectory: stateDirectory, limits: limits)
                    .importBundle(at: request.source, progress: progress, inspectFolder: inspect, startedGuard: early)
            }()
            report = imported
            if let handedOver { checkpoints = handedOver }
            // Proofs from held checkpoints are applied before the verification (a split view then fails its
            // verdicts too); a proof from a checkpoint the verification holds is applied after it (D23).
            defer { report?.checkpoints = checkpoints.report }
            try library.applyArchiveCheckpoints(&checkpoints, final: policy == nil, now: Date())
            imported.checkpoints = checkpoints.report
            guard let policy else { return Outcome(trustRootUpdate: update, imported: imported, verified: nil) }
            let verdicts = try VerifyService(stateDirectory: stateDirectory, limits: limits)
                .verify(.bundle(imported.bundle.id), policy: policy, at: request.at)
            verified = verdicts
            try library.applyArchiveCheckpoints(&checkpoints, final: true, now: Date())
            imported.checkpoints = checkpoints.report
            try NothingVerified.check(verdicts, imported: imported, allowEmpty: request.allowEmpty)
            return Outcome(trustRootUpdate: update, imported: imported, verified: verdicts)
        } catch {
            throw Failure(error: error, trustRootUpdate: update, imported: report, verified: verified)
        }
    }
}
