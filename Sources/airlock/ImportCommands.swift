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
        // Every input that needs no store is checked first: a malformed --at changes nothing.
        let instant = try Output.attempt(options.output) { () throws(ApplianceError) in try at.instant() }
        let source = bundle == "-" ? ImportService.standardInput : URL(fileURLWithPath: dir ?? bundle ?? "", isDirectory: dir != nil)
        let request = BundleIntake.Request(source: source, isDirectory: dir != nil, policyPath: policy, allowEmpty: allowEmpty,
                                           updateTrustRoot: updateTrustRoot, at: instant)
        let progress = ProgressLine(to: FileHandle.standardError)
        let outcome: BundleIntake.Outcome
        do {
            defer { progress.finish() }
            outcome = try BundleIntake(stateDirectory: options.stateDirectory).run(request, progress: { progress.update($0) },
                                                                                   importEnded: { progress.finish() })
        } catch {
            // What committed before the failure is shown too: first in text, as `stored` beside the error in JSON
            // (e.g. the import and verdicts a split view follows).
            if options.output == .text {
                if let update = error.trustRootUpdate { TrustRootImportText.render(update, name: updateTrustRoot ?? "") }
                if let imported = error.imported { ImportText.render(imported, showVerdicts: false) }
                if let verified = error.verified, !verified.verdicts.isEmpty { VerdictText.render(verified) }
            }
            guard error.imported != nil || error.trustRootUpdate != nil else { try Output.fail(error.error, output: options.output) }
            try Output.fail(error.error, output: options.output,
                            stored: StoredBeforeFailure(trustRootUpdate: error.trustRootUpdate, imported: error.imported, verified: error.verified))
        }
        switch options.output {
        case .json where outcome.trustRootUpdate != nil:
            try options.printJSON(ImportWithTrustRootUpdate(trustRootUpdate: outcome.trustRootUpdate, imported: outcome.imported, verified: outcome.verified))
        case .json:
            if let verified = outcome.verified {
                try options.printJSON(ImportAndVerify(imported: outcome.imported, verified: verified))
            } else {
                try options.printJSON(outcome.imported)
            }
        case .text:
            if let update = outcome.trustRootUpdate { TrustRootImportText.render(update, name: updateTrustRoot ?? "") }
            ImportText.render(outcome.imported, showVerdicts: outcome.verified == nil)
            if let verified = outcome.verified { VerdictText.render(verified) }
        }
        if outcome.verified?.allPassed == false { throw ExitStatus.verificationFailed }
    }
}

/// What a failing `import` had recorded (`stored` in its JSON error object): the trust-root update, the
/// import and the verdicts, each present when it committed.
struct StoredBeforeFailure: Encodable {
    let trustRootUpdate: TUFUpdateReport?
    let imported: ImportReport?
    let verified: VerifyReport?
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
