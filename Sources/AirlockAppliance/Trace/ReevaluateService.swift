public import Foundation
public import AirlockFormats
import AirlockStore
import AirlockVerify

/// The re-evaluation use case (`airlock reevaluate`): re-decide the latest verdict of every image under a
/// new policy or instant, record the new verdicts through `VerifyService` (so the decision log logs them),
/// and name each active approval that now rests on a failing verdict with the command that revokes it.
/// It revokes nothing itself: revoking is an approver's decision.
public struct ReevaluateService: Sendable {
    /// The state directory.
    public let stateDirectory: URL
    /// Input limits.
    public let limits: Limits

    /// Makes the service.
    public init(stateDirectory: URL, limits: Limits = .default) {
        self.stateDirectory = stateDirectory
        self.limits = limits
    }

    /// Re-decides every image that has a verdict under the policy at `policyPath` (default: the policy and
    /// trust roots of each image's latest verdict) as of `at` (default now). `stateArgument`, when given,
    /// is added to the revoke commands as `--state`.
    public func reevaluate(policyPath: String?, at: Date? = nil, stateArgument: String? = nil) throws(ApplianceError) -> ReevaluateReport {
        let instant = Date(timeIntervalSince1970: (at ?? Date()).timeIntervalSince1970.rounded(.down))
        let store = try openStore(stateDirectory, mode: .existing)
        let latest = try storeCall { try store.catalogue.latestVerdicts() }
        guard !latest.isEmpty else {
            throw ApplianceError(.badInput, "no verdict is recorded yet: nothing to re-evaluate (run `airlock verify` first)",
                                 code: "no-verdicts", field: "state")
        }
        let given = try policyPath.map { (path) throws(ApplianceError) in
            let policy = try LoadedPolicy.load(path: path, limits: limits, stateDirectory: stateDirectory)
            return (policy, try policy.trustRootBytes(limits: limits))
        }
        let verifier = VerifyService(stateDirectory: stateDirectory, limits: limits)
        var results: [ReevaluationResult] = []
        var policies: [String] = []
        for digest in latest.keys.sorted() {
            let row = latest[digest]!
            let previous = try parse(row)
            let source: (policy: LoadedPolicy, roots: [(name: String, bytes: Data)])
            if let given { source = given } else { source = try recorded(previous, verdictID: row.id, store: store) }
            let report = try verifier.verify(.image(digest), policy: source.policy, trustRoots: source.roots, at: instant)
            guard let new = report.verdicts.first(where: { $0.subject == digest }) else { continue }
            if !policies.contains(new.policySHA256) { policies.append(new.policySHA256) }
            let failure = new.firstFailure ?? (new.result == "PASS" ? previous.firstFailure : nil)
            results.append(ReevaluationResult(subject: digest, names: new.names, previousVerdictId: row.id,
                                              previousResult: previous.result, verdictId: new.id, result: new.result,
                                              reason: failure.map { "\($0.id): \($0.message)" }))
        }
        let time = RFC3339.format(instant)
        return ReevaluateReport(verificationTime: time, policies: policies, results: results,
                                approvalsAtRisk: try atRisk(results, store: store, at: instant, time: time, stateArgument: stateArgument))
    }

    /// Active approvals (neither revoked nor expired at `instant`) covering an image whose new verdict fails.
    private func atRisk(_ results: [ReevaluationResult], store: Store, at instant: Date, time: String,
                        stateArgument: String?) throws(ApplianceError) -> [ApprovalAtRisk] {
        let approvals = Dictionary(uniqueKeysWithValues: try storeCall { try store.catalogue.approvals() }.map { ($0.id, $0) })
        let revocations = try storeCall { try store.catalogue.revocations() }
        var out: [ApprovalAtRisk] = []
        for result in results where result.result != "PASS" {
            for row in try storeCall({ try store.catalogue.approvalImages(digest: result.subject) }) {
                guard let approval = approvals[row.approvalID], revocations[row.approvalID] == nil,
                      approval.expiresAt.map({ $0 > instant }) ?? true,
                      !out.contains(where: { $0.approvalId == row.approvalID && $0.subject == result.subject }) else { continue }
                let check = result.reason.map { String($0.prefix { $0 != ":" }) } ?? "a check"
                let reason = "re-evaluated at \(time): \(row.name) now fails \(check)"
                var command = "airlock revoke \(approval.id) --reason \(Self.shellQuote(reason))"
                if let stateArgument { command += " --state \(Self.shellQuote(stateArgument))" }
                out.append(ApprovalAtRisk(approvalId: approval.id, subject: result.subject, name: row.name,
                                          verdictId: result.verdictId, reason: result.reason ?? "FAIL", revokeCommand: command))
            }
        }
        return out
    }

    private func parse(_ row: VerdictRecord) throws(ApplianceError) -> Verdict {
        do {
            return try Verdict.parse(row.document, limits: limits)
        } catch {
            throw ApplianceError(.internalError, "the recorded verdict \(row.id) does not parse: \(error)", digest: row.subjectDigest)
        }
    }

    /// The policy and trust roots a verdict was decided under, read from the blob store by digest.
    private func recorded(_ verdict: Verdict, verdictID: String, store: Store) throws(ApplianceError)
        -> (LoadedPolicy, [(name: String, bytes: Data)]) {
        do {
            let policy = try LoadedPolicy(bytes: store.blobs.read(sha256: verdict.policy.sha256, maxBytes: limits.maxJSONBytes), directory: nil,
                                          knownTrustRoots: Set(verdict.trustRoots.map(\.name)))
            let roots = try verdict.trustRoots.map { ($0.name, try store.blobs.read(sha256: $0.sha256, maxBytes: limits.maxJSONBytes)) }
            return (policy, roots)
        } catch let error as StoreError {
            throw ApplianceError(error)
        } catch {
            throw ApplianceError(.internalError, "the recorded policy of verdict \(verdictID) cannot be loaded: \(error)")
        }
    }

    /// `text` in single quotes for a POSIX shell (`'` becomes `'\''`).
    static func shellQuote(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
