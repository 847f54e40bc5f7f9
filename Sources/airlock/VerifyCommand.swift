import ArgumentParser
import Foundation
import AirlockAppliance

/// `airlock verify`: decide imported images under a site policy and record a verdict for each.
struct VerifyImages: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Decide imported images under a site policy; record one verdict per image.",
        discussion: "IMAGE is a sha256: digest or an imported name. Exit codes: 0 all passed, 1 some failed, 2 bad input, 3 internal error.")

    @OptionGroup var options: StateOptions

    @Argument(help: "An image digest (sha256:…) or name.")
    var image: String?

    @Flag(name: .long, help: "Verify every imported image.")
    var all = false

    @Option(name: .long, help: "The site policy (YAML or JSON); default: the policy and trust roots of the most recent verdict.")
    var policy: String?

    @OptionGroup var at: AtOption

    func validate() throws {
        guard (image != nil) != all else { throw ValidationError("give an IMAGE or --all (not both)") }
    }

    func run() throws {
        let report: VerifyReport = try Output.attempt(options.output) { () throws(ApplianceError) in
            let instant = try at.instant()
            let service = VerifyService(stateDirectory: options.stateDirectory)
            let target: ImageTarget = all ? .all : .image(image!)
            if let policy { return try service.verify(target, policyPath: policy, at: instant) }
            return try service.verifyWithRecordedPolicy(target, at: instant)
        }
        switch options.output {
        case .json: try options.printJSON(report)
        case .text: VerdictText.render(report)
        }
        if !report.allPassed { throw ExitStatus.verificationFailed }
    }
}

/// `airlock replay`: re-run recorded verdicts from the stored evidence and compare byte for byte.
struct Replay: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Replay recorded verdicts from the stored evidence, policy, trust roots and instant; report differences.",
        discussion: "Exit codes: 0 every replay identical, 1 some differ, 2 bad input, 3 internal error.")

    @OptionGroup var options: StateOptions

    @Argument(help: "A verdict id (or an unambiguous prefix).")
    var verdict: String?

    @Flag(name: .long, help: "Replay every recorded verdict.")
    var all = false

    func validate() throws {
        guard (verdict != nil) != all else { throw ValidationError("give a VERDICT_ID or --all (not both)") }
    }

    func run() throws {
        let report: ReplayReport = try Output.attempt(options.output) { () throws(ApplianceError) in
            try ReplayService(stateDirectory: options.stateDirectory).replay(all ? nil : verdict)
        }
        switch options.output {
        case .json: try options.printJSON(report)
        case .text: VerdictText.render(report)
        }
        if !report.allIdentical { throw ExitStatus.verificationFailed }
    }
}
