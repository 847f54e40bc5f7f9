import ArgumentParser
import Foundation
import AirlockAppliance

/// The state directory option shared by the catalogue commands.
struct StateOptions: ParsableArguments {
    @Option(name: .long, help: "State directory (default: $AIRLOCK_HOME, else ~/.local/share/airlock).")
    var state: String?

    @Option(name: .long, help: "Output format: text or json.")
    var output: OutputFormat = .text

    /// The chosen state directory.
    var stateDirectory: URL {
        state.map { URL(fileURLWithPath: $0, isDirectory: true) } ?? ImportService.defaultStateDirectory()
    }

    /// The import service on the chosen state directory.
    var service: ImportService { ImportService(stateDirectory: stateDirectory) }

    /// Prints any encodable value as JSON.
    func printJSON<T: Encodable>(_ value: T) throws {
        print(String(decoding: try ImportJSON.encode(value), as: UTF8.self))
    }
}

/// Prints an import failure as one line and exits 2 (bad bundle) or 3 (internal error).
func fail(_ failure: ImportFailure, options: StateOptions) throws -> Never {
    if options.output == .json, let data = try? ImportJSON.encode(["error": failure]) {
        print(String(decoding: data, as: UTF8.self))
    }
    printError("error: \(failure)")
    throw ExitStatus.code(for: ApplianceError(failure.kind, failure.reason))
}

/// `airlock import BUNDLE`: stream a bundle tarball into the store, all or nothing.
struct ImportBundle: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a bundle tarball (.tar, .tar.gz, .tar.zst, .tar.xz) into the store.",
        discussion: "Unsafe or malformed bundles are refused with one line naming the entry. With --policy, the bundle's images are verified right after. Exit codes: 0 imported (and, with --policy, all passed), 1 some image failed the policy, 2 bad bundle or policy, 3 internal error."
    )

    @OptionGroup var options: StateOptions

    @Argument(help: "The bundle archive.")
    var bundle: String

    @Option(name: .long, help: "Verify the bundle's images under this site policy right after importing.")
    var policy: String?

    func run() throws {
        let progress = ProgressLine(to: FileHandle.standardError)
        let report: ImportReport
        do {
            report = try options.service.importBundle(at: URL(fileURLWithPath: bundle), progress: { progress.update($0) })
        } catch {
            progress.finish()
            try fail(error, options: options)
        }
        progress.finish()
        guard let policy else {
            switch options.output {
            case .json: try options.printJSON(report)
            case .text: ImportText.render(report)
            }
            return
        }
        let verdicts: VerifyReport
        do {
            verdicts = try VerifyService(stateDirectory: options.stateDirectory).verify(.bundle(report.bundle.id), policyPath: policy)
        } catch {
            try failVerdictCommand(error, output: options.output)
        }
        switch options.output {
        case .json: try options.printJSON(ImportAndVerify(imported: report, verified: verdicts))
        case .text:
            ImportText.render(report, showVerdicts: false)
            VerdictText.render(verdicts)
        }
        if !verdicts.allPassed { throw ExitStatus.verificationFailed }
    }
}

/// `import --policy --output json`: the import report and the verdicts.
struct ImportAndVerify: Encodable {
    let imported: ImportReport
    let verified: VerifyReport
}

/// `airlock bundles`: list imported bundles.
struct Bundles: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List imported bundles.")

    @OptionGroup var options: StateOptions

    func run() throws {
        let bundles: [BundleSummary]
        do { bundles = try options.service.bundles() } catch { try fail(error, options: options) }
        switch options.output {
        case .json: try options.printJSON(bundles)
        case .text: ImportText.render(bundles)
        }
    }
}

/// `airlock images`: list images with their platforms and the evidence found for them.
struct Images: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List imported images: name, digest, platforms, evidence found.")

    @OptionGroup var options: StateOptions

    @Option(name: .long, help: "Only this bundle (its id, or a prefix of its archive sha256).")
    var bundle: String?

    func run() throws {
        let images: [ImageSummary]
        do { images = try options.service.images(bundle: bundle) } catch { try fail(error, options: options) }
        switch options.output {
        case .json: try options.printJSON(images)
        case .text: ImportText.render(images)
        }
    }
}
