import AirlockAppliance
import ArgumentParser
import Foundation
import AirlockVerify
import AirlockFormats

/// `airlock verify-layout`: verify an in-toto layout and its links offline; nothing is ever executed.
struct VerifyInTotoLayout: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-layout",
        abstract: "Verify an in-toto layout and its link metadata offline (inspections are never run).",
        discussion: """
        Every --layout-key must have signed the layout. A layout with inspections fails unless each one \
        is named with --skip-inspection. --product STEP:PATH=sha256:HEX ties the approved artifact to a \
        verified product. Exit codes: 0 verified, 1 verification failed, 2 bad input, 3 internal error.
        """
    )

    @Option(name: .long, help: "The layout file (Metablock or DSSE envelope).")
    var layout: String

    @Option(name: .customLong("layout-key"), help: "A layout owner's public key (PEM or securesystemslib JSON); repeatable.")
    var layoutKeys: [String] = []

    @Option(name: .long, help: "Directory holding <step>.<keyid8>.link files (and sublayout directories).")
    var links: String

    @Option(name: .customLong("skip-inspection"), help: "An inspection to accept without running it; repeatable.")
    var skipInspections: [String] = []

    @Option(name: .long, help: "The approved artifact: STEP:PATH=sha256:HEX.")
    var product: String?

    @Option(name: .customLong("param"), help: "A layout parameter substitution NAME=VALUE; repeatable.")
    var parameters: [String] = []

    @OptionGroup var at: AtOption

    @OptionGroup var format: OutputOptions

    func validate() throws {
        guard !layoutKeys.isEmpty else { throw ValidationError("give at least one --layout-key") }
    }

    func run() throws {
        let result: InTotoLayoutVerificationResult = try Output.attempt(format.output) { () throws(ApplianceError) in
            try VerifyInTotoLayoutUseCase.run(request())
        }
        switch format.output {
        case .json: try Output.printJSON(result)
        case .text: Self.renderText(result)
        }
        if !result.verified { throw ExitStatus.verificationFailed }
    }

    private func request() throws(ApplianceError) -> VerifyInTotoLayoutRequest {
        var params: [String: String] = [:]
        for p in parameters {
            guard let eq = p.firstIndex(of: "=") else {
                throw ApplianceError(.badInput, "expected NAME=VALUE", code: "bad-option", field: "--param \(p)")
            }
            params[String(p[..<eq])] = String(p[p.index(after: eq)...])
        }
        return VerifyInTotoLayoutRequest(
            layoutPath: layout, layoutKeyPaths: layoutKeys, linksDirectory: links, skippedInspections: skipInspections,
            product: product, verificationTime: try at.instant() ?? Date(), parameters: params
        )
    }

    private static func renderText(_ result: InTotoLayoutVerificationResult) {
        for check in result.checks {
            let tag = ["passed": "ok  ", "failed": "FAIL", "warning": "warn", "skipped": "skip"][check.status.rawValue] ?? "?"
            print("[\(tag)] \(check.id): \(check.message)")
        }
        if let failure = result.failure {
            printError("FAILED \(failure.id): \(failure.message)")
        } else {
            let skipped = result.skippedInspections.isEmpty ? "" : " (inspections not run: \(result.skippedInspections.joined(separator: ", ")))"
            print("VERIFIED layout (\(result.layoutFormat), expires \(result.layoutExpires))\(skipped)")
        }
    }
}
