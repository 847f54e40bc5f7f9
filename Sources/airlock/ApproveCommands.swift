import ArgumentParser
import Foundation
import AirlockAppliance

/// `airlock approve`: sign and export an approval for images whose latest verdict passed.
struct Approve: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve",
        abstract: "Sign an approval (SLSA VSA) for verified images and export policies and an OCI layout for the cluster.",
        discussion: """
            IMAGE is a sha256: digest or an imported name. Any image whose latest verdict under the current policy is not a \
            fresh PASS is refused, named with the reason, and nothing is written (--all-passing skips such images \
            instead). Exit codes: 0 approved, 1 refused, 2 bad input, 3 internal error.
            """)

    @OptionGroup var options: StateOptions

    @Argument(help: "Images to approve (sha256: digests or imported names).")
    var images: [String] = []

    @Option(name: .long, help: "Approve every image of this imported bundle (id or prefix).")
    var bundle: String?

    @Flag(name: .long, help: "Approve every image whose latest verdict passes.")
    var allPassing = false

    @Option(name: .long, help: "Output directory (must not exist or be empty).")
    var out: String

    @Option(name: .long, help: "The current site policy: verdicts under any other policy are stale (default: the policy of the latest verdict).")
    var policy: String?

    @Option(name: .long, help: "How long the approval stays valid (e.g. 30d, 12h), signed into every VSA; 'never' for no expiry.")
    var expires: String = "30d"

    @Option(name: .long, help: "Also admit VSAs decided under this site policy (sha256:<hex>; repeatable). Default: only the current policy.")
    var acceptPolicy: [String] = []

    @Option(name: .long, help: "Oldest verdict accepted (default 7d).")
    var maxVerdictAge: String = "7d"

    @Option(name: .long, help: "Your name, added to the OS account as the approver signed into the manifest.")
    var approver: String?

    func validate() throws {
        let chosen = [!images.isEmpty, bundle != nil, allPassing].filter { $0 }.count
        guard chosen == 1 else { throw ValidationError("give IMAGE..., --bundle ID or --all-passing (exactly one)") }
        for digest in acceptPolicy {
            let hex = digest.dropFirst("sha256:".count)
            guard digest.hasPrefix("sha256:"), hex.count == 64, hex.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else {
                throw ValidationError("--accept-policy takes sha256:<64 lowercase hex>, not \"\(digest)\"")
            }
        }
    }

    private func request() throws(ApplianceError) -> ApproveRequest {
        let selection: ApprovalSelection = allPassing ? .allPassing : bundle.map(ApprovalSelection.bundle) ?? .images(images)
        let validity: TimeInterval? = expires == "never" ? nil : try ApprovalDuration.parse(expires, field: "--expires")
        return ApproveRequest(selection: selection, outputDirectory: URL(fileURLWithPath: out, isDirectory: true), policyPath: policy,
                              expires: validity, acceptPolicies: acceptPolicy.map { String($0.dropFirst("sha256:".count)) },
                              maxVerdictAge: try ApprovalDuration.parse(maxVerdictAge, field: "--max-verdict-age"),
                              approver: ApproveRequest.approver(name: approver))
    }

    func run() throws {
        let outcome: ApproveOutcome = try Output.attempt(options.output) { () throws(ApplianceError) in
            try ApproveService(stateDirectory: options.stateDirectory).approve(request())
        }
        switch outcome {
        case .approved(let report):
            if options.output == .json { try options.printJSON(report) } else { ApprovalText.render(report) }
        case .refused(let refusals):
            if options.output == .json { try options.printJSON(["refused": refusals]) }
            ApprovalText.render(refusals)
            throw ExitStatus.verificationFailed
        }
    }
}

/// `airlock revoke`: mark an approval revoked and regenerate every admission policy.
struct Revoke: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke",
        abstract: "Revoke an approval and regenerate the admission policies, which then deny its digests.",
        discussion: "Every policy file is rewritten in the approval's output directory (if still present) and in --out. Printed (and in --output json): the policy files that changed, to re-apply; per revoked image the skopeo delete commands for its .att manifest and OCI referrer; and the admission caches' delay. Exit codes: 0 revoked, 2 unknown or already revoked, 3 internal error.")

    @OptionGroup var options: StateOptions

    @Argument(help: "The approval id (or an unambiguous prefix).")
    var approval: String

    @Option(name: .long, help: "Why (recorded).")
    var reason: String

    @Option(name: .long, help: "Also write the regenerated policies under this directory (policies/).")
    var out: String?

    func run() throws {
        let report: RevokeReport = try Output.attempt(options.output) { () throws(ApplianceError) in
            try ApprovalsService(stateDirectory: options.stateDirectory)
                .revoke(approval, reason: reason, extraDirectory: out.map { URL(fileURLWithPath: $0, isDirectory: true) })
        }
        if options.output == .json { try options.printJSON(report) } else { ApprovalText.render(report) }
    }
}
