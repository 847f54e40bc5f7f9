import ArgumentParser
import Foundation
import AirlockAppliance
import AirlockVerify

/// `airlock approvals`: list, check and export recorded approvals.
struct ApprovalsGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approvals",
        abstract: "List approvals, verify a signed approval file, or write the current digest allow-list.",
        subcommands: [ApprovalsList.self, ApprovalsVerify.self, ApprovalsAllowList.self],
        defaultSubcommand: ApprovalsList.self)
}

/// `airlock approvals list`.
struct ApprovalsList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List approvals: who, when, which verdicts, expiry, status.")

    @OptionGroup var options: StateOptions

    func run() throws {
        let approvals: [ApprovalSummary] = try Output.attempt(options.output) { () throws(ApplianceError) in
            try ApprovalsService(stateDirectory: options.stateDirectory).list()
        }
        if options.output == .json { try options.printJSON(["approvals": approvals]) } else { ApprovalText.render(approvals) }
    }
}

/// `airlock approvals verify FILE`.
struct ApprovalsVerify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check a signed approval or VSA (DSSE envelope or Sigstore bundle) against the appliance's keys.",
        discussion: "Exit codes: 0 verified, 1 not valid (the reason is printed), 2 bad input, 3 internal error.")

    @OptionGroup var options: StateOptions

    @Argument(help: "approval.intoto.json, approval.sigstore.json or a vsa/ file.")
    var file: String

    func run() throws {
        let check: ApprovalCheck = try Output.attempt(options.output) { () throws(ApplianceError) in
            try ApprovalsService(stateDirectory: options.stateDirectory).verify(file: file)
        }
        if options.output == .json { try options.printJSON(check) } else { ApprovalText.render(check, file: file) }
        if !check.valid { throw ExitStatus.verificationFailed }
    }
}

/// `airlock approvals allow-list --out DIR`.
struct ApprovalsAllowList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "allow-list",
        abstract: "Write the digest allow-list of every active (not revoked, not expired) approval to DIR/policies/.")

    @OptionGroup var options: StateOptions

    @Option(name: .long, help: "Directory to write policies/kyverno-digest-allowlist.yaml under.")
    var out: String

    func run() throws {
        let result: (digests: [String], file: String) = try Output.attempt(options.output) { () throws(ApplianceError) in
            try ApprovalsService(stateDirectory: options.stateDirectory).writeAllowList(into: URL(fileURLWithPath: out, isDirectory: true))
        }
        if options.output == .json {
            try options.printJSON(["file": [result.file], "digests": result.digests])
        } else {
            print("wrote \(result.file) admitting \(result.digests.count) digest(s)")
        }
    }
}
