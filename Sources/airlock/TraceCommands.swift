import ArgumentParser
import Foundation
import AirlockAppliance

/// `airlock trace`: everything the appliance knows about one image, each record with its decision-log proof.
struct Trace: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trace",
        abstract: "Trace one image or release artifact: archives, signers, provenance, attestations, verdicts, approvals, and decision-log proofs.",
        discussion: "Read-only. IMAGE is a sha256: digest or an imported name. Exit codes: 0 traced, 2 bad input (unknown-image), 3 internal error.")

    @OptionGroup var options: StateOptions

    @Argument(help: "An image digest (sha256:…) or name, or a release artifact's digest or path.")
    var image: String

    func run() throws {
        let report: TraceReport = try Output.attempt(options.output) { () throws(ApplianceError) in
            try TraceService(stateDirectory: options.stateDirectory).trace(image)
        }
        switch options.output {
        case .json: try options.printJSON(report)
        case .text: TraceText.render(report)
        }
    }
}

/// `airlock reevaluate`: re-decide every image's latest verdict under a policy and instant; name approvals now at risk.
struct Reevaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reevaluate",
        abstract: "Re-decide the latest verdict of every image under a policy and instant; record the new verdicts; name approvals that now rest on a failing verdict.",
        discussion: "Exit codes: 0 no approved image fails, 1 an approved image now fails (revoke commands are printed), 2 bad input, 3 internal error.")

    @OptionGroup var options: StateOptions

    @Option(name: .long, help: "The site policy (YAML or JSON); default: the policy and trust roots of each image's latest verdict.")
    var policy: String?

    @OptionGroup var at: AtOption

    func run() throws {
        let report: ReevaluateReport = try Output.attempt(options.output) { () throws(ApplianceError) in
            try ReevaluateService(stateDirectory: options.stateDirectory)
                .reevaluate(policyPath: policy, at: try at.instant(), stateArgument: options.state)
        }
        switch options.output {
        case .json: try options.printJSON(report)
        case .text: TraceText.render(report)
        }
        if report.approvedNowFailing { throw ExitStatus.verificationFailed }
    }
}
