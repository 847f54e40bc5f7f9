import Foundation
import AirlockFormats
import AirlockStore
import AirlockVerify

/// What the appliance knows about a signed approval beyond its signature: whether the file lies in an
/// uncommitted staging directory, whether its id is recorded, revoked, and whether an instant is inside the
/// validity window signed into it. Each answer is a check, so `approvals verify` names the reason.
struct ApprovalStanding {
    let stateDirectory: URL

    func checks(file: String, keyID: String?, predicate: JSONValue?, now: Date) throws(ApplianceError) -> [CheckResult] {
        let ring = try ApplianceKeys(stateDirectory: stateDirectory).load()
        if let key = ring.keys.first(where: { $0.id == keyID }), let when = key.distrusted {
            return [.fail(CheckID.approvalKeyTrusted,
                          "signed with key \(key.id.prefix(16)), distrusted at \(RFC3339.format(when)): \(key.distrustReason ?? "")")]
        }
        guard !ApprovalWriter.isStaged(file) else {
            return [.pass(CheckID.approvalKeyTrusted, "the signing key is trusted"), .fail(CheckID.approvalComplete, "the file is inside a staging directory of an approve that never finished; it is not an approval")]
        }
        var checks: [CheckResult] = [.pass(CheckID.approvalKeyTrusted, "the signing key is trusted"),
                                     .pass(CheckID.approvalComplete, "not inside a staging directory")]
        let store = try openStore(stateDirectory, mode: .existing)
        let window = ApprovalValidity.read(predicate)
        let resource = predicate?.objectValue?["resourceUri"]?.stringValue ?? ""
        let prefix = "urn:airlock:approval:"
        guard let id = window?.approvalID ?? (resource.hasPrefix(prefix) ? String(resource.dropFirst(prefix.count)) : nil),
              let record = try lookup(id, store) else {
            return checks + [.fail(CheckID.approvalRecorded, "the signed approval id is not recorded by this appliance")]
        }
        checks.append(.pass(CheckID.approvalRecorded, "approval \(record.id) is recorded"))
        if let revocation = try storeCall({ try store.catalogue.revocations() })[record.id] {
            return checks + [.fail(CheckID.approvalRevoked,
                                   "revoked at \(RFC3339.format(revocation.revokedAt)) by \(revocation.revokedBy): \(revocation.reason)")]
        }
        checks.append(.pass(CheckID.approvalRevoked, "not revoked"))
        guard let window, let from = window.validFrom else {
            return checks + [.fail(CheckID.approvalWindow, "the approval carries no signed validity window")]
        }
        if let until = window.validUntil ?? record.expiresAt, until <= now {
            return checks + [.fail(CheckID.approvalWindow, "expired at \(RFC3339.format(until)) (approved \(RFC3339.format(from)))")]
        }
        guard from <= now.addingTimeInterval(ApprovalPlanner.allowedClockSkew) else {
            return checks + [.fail(CheckID.approvalWindow, "not valid before \(RFC3339.format(from))")]
        }
        checks.append(.pass(CheckID.approvalWindow, window.validUntil.map { "valid until \(RFC3339.format($0))" } ?? "valid with no expiry (--expires never)"))
        return checks
    }

    private func lookup(_ id: String, _ store: Store) throws(ApplianceError) -> ApprovalRecord? {
        guard id.count == 16, id.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else { return nil }
        return try storeCall { try store.catalogue.approval(matching: id) }
    }
}
