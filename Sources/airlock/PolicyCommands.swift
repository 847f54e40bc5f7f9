import ArgumentParser
import Foundation
import AirlockAppliance

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

    func run() throws {
        let report: PolicyCheckReport
        do {
            report = try PolicyService.check(path: file)
        } catch {
            try Output.fail(error, output: format.output)
        }
        switch format.output {
        case .json: try Output.printJSON(report)
        case .text:
            print("policy \"\(report.name)\" is valid: \(report.rules) rule(s), trust roots \(report.trustRoots.joined(separator: ", "))")
            print("sha256:\(report.sha256)")
            for warning in report.warnings { print("warning: \(warning)") }
        }
    }
}
