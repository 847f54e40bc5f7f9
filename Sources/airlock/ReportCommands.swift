import ArgumentParser
import Foundation
import AirlockAppliance

/// `airlock report`: an auditor's report (self-contained HTML or JSON) on one bundle, one image or all.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write an auditor's report: a summary table, then per image its verdict and checks, signers, provenance, approvals and decision-log proofs.",
        discussion: """
            Read-only. The HTML page is self-contained (inline CSS, no script, no external asset) and prints; it is \
            written atomically. --output json prints the same content. Exit codes: 0 written, 1 the decision-log \
            checkpoint or a proof does not verify (the report is still written and says so), 2 bad input, 3 internal error.
            """)

    @OptionGroup var options: StateOptions

    @Option(name: .long, help: "Report on the images of this bundle (id or archive SHA-256 prefix).")
    var bundle: String?

    @Option(name: .long, help: "Report on this image (digest or name).")
    var image: String?

    @Flag(name: .long, help: "Report on every image (the default).")
    var all = false

    @Option(name: .long, help: "Write the HTML report to FILE.")
    var html: String?

    @Option(name: .long, help: "The report's generation instant, RFC 3339 (default: now); approval statuses are as of it.")
    var at: String?

    func validate() throws {
        if [bundle != nil, image != nil, all].filter({ $0 }).count > 1 {
            throw ValidationError("give at most one of --bundle, --image and --all")
        }
        if html == nil, options.output != .json { throw ValidationError("give --html FILE or --output json") }
    }

    func run() throws {
        let selection: ReportSelection = bundle.map { .bundle($0) } ?? image.map { .image($0) } ?? .all
        let report: AuditorReport = try Output.attempt(options.output) { () throws(ApplianceError) in
            let instant = try at.map { (text) throws(ApplianceError) in try parseInstant(text, field: "--at") } ?? Date()
            let report = try ReportService(stateDirectory: options.stateDirectory).report(selection, at: instant)
            if let html { try ReportService.write(ReportHTML.render(report), to: html) }
            return report
        }
        switch options.output {
        case .json: try options.printJSON(report)
        case .text:
            print("report on \(report.images.count) image(s) (\(report.passing) pass) written to \(html ?? "-")")
            if report.checkpoint.rootHash.isEmpty {
                print("decision log: \(report.checkpoint.status), no signed checkpoint")
            } else {
                print("decision log: \(report.checkpoint.status), checkpoint size \(report.checkpoint.size), root \(report.checkpoint.rootHash)")
            }
            // An unsigned log is a state the page states, not a failure of the report: a note, not a problem.
            let label = report.checkpoint.status == "failed" ? "PROBLEM" : "note"
            for problem in report.checkpoint.problems { print("\(label) \(problem)") }
        }
        if report.checkpoint.status == "failed" { throw ExitStatus.verificationFailed }
    }
}
