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
        }
        for note in report.notes { print("NOTE  \(note)") }
        for path in report.unverifiedArtifacts {
            print("NOT VERIFIED  artifact \(path): the policy has no artifact rule (match.artifacts)")
        }
        let failed = report.verdicts.filter { $0.result != "PASS" }.count
        print("\(report.verdicts.count - failed) passed, \(failed) failed")
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
