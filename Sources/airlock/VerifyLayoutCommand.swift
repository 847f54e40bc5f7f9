import AirlockAppliance
import ArgumentParser
import Foundation

/// `airlock verify-layout`: verify an in-toto layout and its links offline; nothing is ever executed.
struct VerifyLayout: ParsableCommand {
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

    @Option(name: .long, help: "Verification instant, RFC 3339 (default: now).")
    var at: String?

    @Option(name: .long, help: "Output format: text or json.")
    var output: String = "text"

    func validate() throws {
        guard !layoutKeys.isEmpty else { throw ValidationError("give at least one --layout-key") }
        guard ["text", "json"].contains(output) else { throw ValidationError("--output is text or json") }
    }

    func run() throws {
        let result: LayoutVerificationResult
        do {
            result = try VerifyLayoutUseCase.run(request())
        } catch let error as ApplianceError {
            Self.printError("error: \(error)")
            throw ExitStatus.code(for: error)
        } catch let error as LayoutInputError {
            Self.printError("error: \(error)")
            throw ExitCode(2)
        } catch {
            Self.printError("internal error: \(error)")
            throw ExitCode(3)
        }
        if output == "json" {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            encoder.dateEncodingStrategy = .iso8601
            print(String(decoding: try encoder.encode(result), as: UTF8.self))
        } else {
            Self.renderText(result)
        }
        if !result.verified { throw ExitCode(1) }
    }

    private func request() throws -> VerifyLayoutRequest {
        var params: [String: String] = [:]
        for p in parameters {
            guard let eq = p.firstIndex(of: "=") else {
                throw LayoutInputError(.badOption, "expected NAME=VALUE", subject: "--param \(p)")
            }
            params[String(p[..<eq])] = String(p[p.index(after: eq)...])
        }
        return VerifyLayoutRequest(
            layoutPath: layout, layoutKeyPaths: layoutKeys, linksDirectory: links, skippedInspections: skipInspections,
            product: product, verificationTime: try at.map(Self.instant) ?? Date(), parameters: params
        )
    }

    private static func instant(_ text: String) throws -> Date {
        let plain = ISO8601DateFormatter()
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        guard let date = plain.date(from: text) ?? fractional.date(from: text) else {
            throw LayoutInputError(.badOption, "not an RFC 3339 instant", subject: "--at \(text)")
        }
        return date
    }

    private static func renderText(_ result: LayoutVerificationResult) {
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

    private static func printError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
