import AirlockAppliance
import AirlockFormats

/// Text rendering of verdicts and replays (layout only).
enum VerdictText {
    static func render(_ report: VerifyReport) {
        print("policy \"\(report.policyName)\" \(ContentDigest.sha256Reference(report.policySHA256))")
        if report.verdicts.isEmpty { print("no images to verify") }
        for verdict in report.verdicts {
            let names = verdict.names.isEmpty ? "(untagged)" : verdict.names.joined(separator: ", ")
            print("\(verdict.result)  \(verdict.subject)  \(verdict.kind == "artifact" ? "artifact " : "")\(names)")
            print("      verdict \(verdict.id)  rule \(verdict.rule ?? "(none)")  at \(verdict.verificationTime)")
            if let failure = verdict.firstFailure { print("      first failure: \(failure.id): \(failure.message)") }
            for line in inTotoSteps(verdict.checks) { print("      \(line)") }
        }
        for note in report.notes { print("NOTE  \(note)") }
        for path in report.unverifiedArtifacts {
            print("NOT VERIFIED  artifact \(path): the policy has no artifact rule (match.artifacts)")
        }
        let failed = report.verdicts.filter { $0.result != "PASS" }.count
        print("\(report.verdicts.count - failed) passed, \(failed) failed")
    }

    /// One line per in-toto step of a rule's layout (checks `layout.step.NAME.*`, in verdict order): failed
    /// if any of its checks failed, else passed; then the product tie. Empty when the rule has no layout.
    static func inTotoSteps(_ checks: [CheckResult]) -> [String] {
        var order: [String] = []
        var failed: [String: String] = [:]
        for check in checks where check.id.hasPrefix("layout.step.") {
            let rest = check.id.dropFirst("layout.step.".count)
            guard let dot = rest.lastIndex(of: ".") else { continue }
            let step = String(rest[..<dot])
            if !order.contains(step) { order.append(step) }
            if check.status == .failed, failed[step] == nil { failed[step] = "\(check.id): \(check.message)" }
        }
        var lines = order.map { step in failed[step].map { "in-toto step \(step): FAILED \($0)" } ?? "in-toto step \(step): passed" }
        if let product = checks.first(where: { $0.id == "layout.product" }) {
            lines.append("in-toto product: \(product.status == .passed ? "" : "FAILED ")\(product.message)")
        }
        return lines
    }

    static func render(_ report: ReplayReport) {
        for result in report.results {
            print("\(result.identical ? "IDENTICAL" : "DIFFERENT")  \(result.verdictID)  \(result.subject)")
            for line in result.differences { print("      \(line)") }
        }
        let different = report.results.filter { !$0.identical }.count
        print("\(report.results.count - different) identical, \(different) different")
    }
}
