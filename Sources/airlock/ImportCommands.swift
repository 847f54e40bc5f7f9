import ArgumentParser
import Foundation
import AirlockAppliance

/// `airlock import BUNDLE`: stream a bundle tarball into the store, all or nothing.
struct ImportArchive: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a bundle tarball (.tar, .tar.gz, .tar.zst, .tar.xz) into the store.",
        discussion: "Unsafe or malformed bundles are refused with one line naming the entry. With --policy, the bundle's images are verified right after; a bundle with no image to verify fails (nothing-verified) unless --allow-empty is given. Checkpoint files in the bundle's checkpoints/ folder (*.txt, *.checkpoint) are applied as `trustroot checkpoint add` does (a failing consistency proof is a split view, tlog-split-view). Exit codes: 0 imported (and, with --policy, all passed), 1 some image failed the policy, nothing was verified or a split view, 2 bad bundle, checkpoint file or policy, 3 internal error."
    )

    @OptionGroup var options: StateOptions

    @Argument(help: "The bundle archive, or - to read it from standard input.")
    var bundle: String?

    @Option(name: .long, help: "Import an unpacked layout or evidence tree instead of an archive (same checks and limits; symbolic links refused; the bundle digest is the SHA-256 of the sorted `sha256sum` listing of its files).")
    var dir: String?

    @Option(name: .long, help: "Verify the bundle's images under this site policy right after importing (checked before anything is imported).")
    var policy: String?

    @Flag(name: .long, help: "With --policy, accept a bundle that holds no image (evidence only): exit 0 although nothing was verified.")
    var allowEmpty = false

    @Option(name: .customLong("update-trust-root"), help: "First run the offline TUF update of this TUF-pinned trust root from the bundle's tuf/ folder; a refused update refuses the import.")
    var updateTrustRoot: String?

    @OptionGroup var at: AtOption

    func validate() throws {
        if allowEmpty && policy == nil { throw ValidationError("--allow-empty only applies with --policy") }
        if (bundle == nil) == (dir == nil) { throw ValidationError("give either a bundle archive or --dir, not both and not neither") }
    }

    func run() throws {
        // One command: the verify after the import does not sweep the log's old records again (D26).
        try DecisionLogCommandScope.run { try importAndVerify() }
    }

    private func importAndVerify() throws {
        // The policy is loaded and linted first: a bad policy leaves the store untouched.
        let loaded: LoadedPolicy? = try Output.attempt(options.output) { () throws(ApplianceError) in
            try policy.map { (path) throws(ApplianceError) in try LoadedPolicy.load(path: path, stateDirectory: options.stateDirectory) }
        }
        let url = bundle == "-" ? ImportService.standardInput : URL(fileURLWithPath: dir ?? bundle ?? "", isDirectory: dir != nil)
        // The checkpoints/ folder is parsed before anything changes: a malformed file leaves the store untouched.
        // With a trust-root update (which changes the store before the import) it is read first, in a pass of
        // its own; otherwise the import hands it over from its single pass, before it commits anything.
        let library = TrustRootLibrary(stateDirectory: options.stateDirectory)
        var checkpoints = ArchiveCheckpoints(archive: url.path, pending: [])
        if updateTrustRoot != nil {
            checkpoints = try Output.attempt(options.output) { () throws(ApplianceError) in
                try library.archiveCheckpoints(url, isDirectory: dir != nil)
            }
        }
        // The trust-root update comes before the import: a refused update leaves the store untouched.
        let updated = try TrustRootImportText.update(updateTrustRoot, bundle: bundle, dir: dir, at: at, options: options)
        let progress = ProgressLine(to: FileHandle.standardError)
        let archivePath = url.path
        var handedOver: ArchiveCheckpoints?
        var report: ImportReport = try Output.attempt(options.output) { () throws(ApplianceError) in
            defer { progress.finish() }
            let inspect: ImportService.FolderInspection? = updateTrustRoot != nil ? nil : (name: "checkpoints", handler: { (files) throws(ApplianceError) in
                handedOver = try library.archiveCheckpoints(files: files, archive: archivePath)
            })
            return try options.service.importBundle(at: url, progress: { progress.update($0) }, inspectFolder: inspect)
        }
        if let handedOver { checkpoints = handedOver }
        // Proofs from held checkpoints are applied before the verification (a split view then fails its
        // verdicts too); a proof from a checkpoint the verification holds is applied after it (D23).
        try applyCheckpoints(&checkpoints, final: loaded == nil, library: library, report: &report)
        guard let loaded else {
            switch options.output {
            case .json where updated != nil: try options.printJSON(ImportWithTrustRootUpdate(trustRootUpdate: updated, imported: report, verified: nil))
            case .json: try options.printJSON(report)
            case .text: ImportText.render(report)
            }
            return
        }
        let verdicts: VerifyReport = try Output.attempt(options.output) { () throws(ApplianceError) in
            try VerifyService(stateDirectory: options.stateDirectory).verify(.bundle(report.bundle.id), policy: loaded, at: try at.instant())
        }
        try applyCheckpoints(&checkpoints, final: true, library: library, report: &report)
        do {
            try NothingVerified.check(verdicts, imported: report, allowEmpty: allowEmpty)
        } catch {
            if options.output == .text { ImportText.render(report, showVerdicts: false) }
            try Output.fail(error, output: options.output)
        }
        switch options.output {
        case .json where updated != nil: try options.printJSON(ImportWithTrustRootUpdate(trustRootUpdate: updated, imported: report, verified: verdicts))
        case .json: try options.printJSON(ImportAndVerify(imported: report, verified: verdicts))
        case .text:
            ImportText.render(report, showVerdicts: false)
            VerdictText.render(verdicts)
        }
        if !verdicts.allPassed { throw ExitStatus.verificationFailed }
    }

    /// Applies the archive's checkpoint files (`final`: the last time, unconnectable proofs are reported and
    /// ignored) and puts what they did in the report; a split view prints the import (text) and exits 1.
    private func applyCheckpoints(_ checkpoints: inout ArchiveCheckpoints, final: Bool, library: TrustRootLibrary,
                                  report: inout ImportReport) throws {
        do {
            try library.applyArchiveCheckpoints(&checkpoints, final: final, now: Date())
        } catch {
            report.checkpoints = checkpoints.report
            if options.output == .text { ImportText.render(report, showVerdicts: false) }
            try Output.fail(error, output: options.output)
        }
        report.checkpoints = checkpoints.report
    }
}

/// `import --policy --output json`: the import report and the verdicts.
struct ImportAndVerify: Encodable {
    let imported: ImportReport
    let verified: VerifyReport
}

/// `airlock bundles`: list imported bundles.
struct ListArchives: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bundles", abstract: "List imported bundles.")

    @OptionGroup var options: StateOptions

    func run() throws {
        let bundles: [ArchiveSummary] = try Output.attempt(options.output) { () throws(ApplianceError) in
            try options.service.bundles()
        }
        switch options.output {
        case .json: try options.printJSON(["bundles": bundles])
        case .text: ImportText.render(bundles)
        }
    }
}

/// `airlock artifacts`: list release artifacts (plain files, subjects by SHA-256) with their evidence and verdicts.
struct Artifacts: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "artifacts", abstract: "List imported release artifacts: path, digest, evidence found, latest verdict.")

    @OptionGroup var options: StateOptions

    @Option(name: .long, help: "Only this bundle (its id, or a prefix of its archive sha256).")
    var bundle: String?

    func run() throws {
        let artifacts: [ArtifactSummary] = try Output.attempt(options.output) { () throws(ApplianceError) in
            try options.service.artifacts(bundle: bundle)
        }
        switch options.output {
        case .json: try options.printJSON(["artifacts": artifacts])
        case .text:
            if artifacts.isEmpty { print("no artifacts imported") }
            ImportText.render(artifacts)
        }
    }
}

/// `airlock images`: list images with their platforms and the evidence found for them.
struct Images: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "images", abstract: "List imported images: name, digest, platforms, evidence found.")

    @OptionGroup var options: StateOptions

    @Option(name: .long, help: "Only this bundle (its id, or a prefix of its archive sha256).")
    var bundle: String?

    func run() throws {
        let images: [ImageSummary] = try Output.attempt(options.output) { () throws(ApplianceError) in
            try options.service.images(bundle: bundle)
        }
        switch options.output {
        case .json: try options.printJSON(["images": images])
        case .text: ImportText.render(images)
        }
    }
}
