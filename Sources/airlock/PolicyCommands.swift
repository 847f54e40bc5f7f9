import ArgumentParser
import Foundation
import AirlockAppliance
import AirlockFormats

/// `airlock policy`: site policy tools.
struct PolicyGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy", abstract: "Site policy tools.", subcommands: [PolicyCheck.self])
}

/// `airlock policy check FILE`: validate a policy and print its identity (sha256).
struct PolicyCheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate a site policy (YAML or JSON) and print its sha256, the policy's identity.",
        discussion: "Unknown keys, bad regular expressions, empty requirement lists and unknown conditions are errors. Exit codes: 0 valid, 2 invalid, 3 internal error.")

    @Argument(help: "The policy file.")
    var file: String

    @OptionGroup var format: OutputOptions

    @Option(name: .long, help: "State directory whose stored trust roots the policy may name (default: $AIRLOCK_HOME, else ~/.local/share/airlock, when it exists).")
    var state: String?

    func run() throws {
        let stateDirectory = state.map { URL(fileURLWithPath: $0, isDirectory: true) } ?? ImportService.defaultStateDirectory()
        let report: PolicyCheckReport = try Output.attempt(format.output) { () throws(ApplianceError) in
            try PolicyService.check(path: file, stateDirectory: stateDirectory)
        }
        switch format.output {
        case .json: try Output.printJSON(report)
        case .text:
            print("policy \"\(report.name)\" is valid: \(report.rules) rule(s), trust roots \(report.trustRoots.joined(separator: ", "))")
            print(ContentDigest.sha256Reference(report.sha256))
            for warning in report.warnings { print("warning: \(warning)") }
        }
    }
}
