import Foundation
import AirlockAppliance
import AirlockFormats

/// Text rendering of `trace` and `reevaluate` (layout only; every line goes through the escaping `print`).
enum TraceText {
    static func render(_ report: TraceReport) {
        print("image \(report.digest)  \(report.names.isEmpty ? "(untagged)" : report.names.joined(separator: ", "))")
        print("archives:")
        for archive in report.archives {
            print("  \(archive.id.prefix(12)) \"\(archive.name)\"  imported \(RFC3339.format(archive.importedAt))  sha256:\(archive.archiveSHA256)  \(log(archive.log))")
        }
        print("signatures:")
        if report.signatures.isEmpty { print("  (none)") }
        for signature in report.signatures {
            let who = signature.san.isEmpty ? (signature.keyId.map { "key \($0)" } ?? "(no identity)") : signature.san.joined(separator: ", ")
            print("  \(signature.evidence.prefix(12)) \(signature.kind)  \(who)  issuer \(signature.issuer ?? "-")")
            for entry in signature.logEntries { print("      log index \(entry.logIndex)  integrated \(entry.integratedTime ?? "-")") }
            for stamp in signature.timestamps {
                print("      timestamp \(stamp.time ?? "-")  authority \(stamp.authority ?? "(not named in the response)")\(stamp.problem.map { "  problem: \($0)" } ?? "")")
            }
            if let verified = signature.verifiedIdentity { print("      latest verdict: \(verified)") }
            if let problem = signature.problem { print("      problem: \(problem)") }
        }
        print("provenance:")
        if report.provenance.isEmpty { print("  (none)") }
        for p in report.provenance {
            print("  \(p.evidence.prefix(12)) builder \(p.builderId)  build type \(p.buildType)")
            print("      source \(p.sourceRepository ?? "-")  commit \(p.commit ?? "-")  ref \(p.ref ?? "-")  invocation \(p.invocationId ?? "-")")
        }
        print("attestations:")
        if report.attestations.isEmpty { print("  (none)") }
        for a in report.attestations { print("  \(a.predicateType)  \(a.evidence.map { String($0.prefix(12)) }.joined(separator: ", "))") }
        print("verdicts:")
        for v in report.verdicts {
            print("  #\(v.seq) \(v.verdict.result)  \(v.verdict.id.prefix(16))  rule \(v.verdict.rule ?? "(none)")  at \(v.verdict.verificationTime)  \(v.checkCount) checks  \(log(v.log))")
            if let failure = v.verdict.firstFailure { print("      first failure: \(failure.id): \(failure.message)") }
        }
        print("approvals:")
        if report.approvals.isEmpty { print("  (none)") }
        for a in report.approvals {
            print("  \(a.id) \(a.status)  signed \(RFC3339.format(a.createdAt))  expires \(a.expiresAt.map { RFC3339.format($0) } ?? "never")  verdict \(a.verdictId.prefix(16))  \(log(a.log))")
            if let revocation = a.revocation { print("      revoked \(revocation)  \(a.revocationLog.map(log) ?? "")") }
        }
    }

    /// `leaf 3 of 12, root ab12…` / `leaf 3 (unsigned)` / `not in the decision log`.
    private static func log(_ position: TraceLogPosition) -> String {
        switch (position.inclusion, position.leafIndex) {
        case (let proof?, _): "log leaf \(proof.leafIndex) of \(proof.treeSize) root \(proof.rootHash.prefix(16))"
        case (nil, let index?): "log leaf \(index) (no signed checkpoint yet)"
        default: "not in the decision log"
        }
    }

    static func render(_ report: ReevaluateReport) {
        print("re-evaluated \(report.results.count) image(s) at \(report.verificationTime)")
        for result in report.changed {
            let names = result.names.isEmpty ? "(untagged)" : result.names.joined(separator: ", ")
            print("\(result.previousResult)→\(result.result)  \(result.subject)  \(names)")
            print("      verdict \(result.verdictId)  was \(result.previousVerdictId.prefix(16))")
            if let reason = result.reason { print("      \(result.result == "PASS" ? "was failing" : "reason"): \(reason)") }
        }
        if report.changed.isEmpty { print("nothing changed") }
        for risk in report.approvalsAtRisk {
            print("approval \(risk.approvalId) (\(risk.name)) rests on a failing verdict: \(risk.reason)")
            print("  \(risk.revokeCommand)")
        }
    }
}
