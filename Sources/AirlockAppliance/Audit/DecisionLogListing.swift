import Foundation
import AirlockFormats
import AirlockStore

/// `airlock audit list`: the decision log's leaves, one line each, optionally of one kind.
public struct AuditLogListing: Sendable, Codable, Equatable {
    /// Leaves in the log.
    public var treeSize: Int
    /// The latest signed checkpoint's size (0 when none).
    public var signedSize: Int
    /// The leaves listed, in log order.
    public var leaves: [AuditLogLine]
}

/// One leaf of the decision log, summarised from its logged entry.
public struct AuditLogLine: Sendable, Codable, Equatable {
    /// The leaf index.
    public var index: Int
    /// The record kind (`import`, `verdict`, `approval`, `revocation`, `key`, `trustroot`).
    public var kind: String
    /// The record id.
    public var recordId: String
    /// The record's other name (archive SHA-256, verdict id, trust-root name…).
    public var subject: String
    /// Whether a signed checkpoint covers the leaf.
    public var signed: Bool
    /// What the logged entry says, in one line (for a trust-root change: action, name, digest, origin, time).
    public var summary: String
}

extension DecisionLogService {
    /// The leaves of the log (of `kind` only, when given), as logged; read-only.
    public func list(kind: String? = nil) throws(ApplianceError) -> AuditLogListing {
        if let kind, DecisionLogKind(rawValue: kind) == nil {
            throw ApplianceError(.badInput, "unknown record kind \"\(kind)\" (one of \(DecisionLogKind.allCases.map(\.rawValue).joined(separator: ", ")))",
                                 code: "usage", field: "kind")
        }
        let store = try openStore(stateDirectory, mode: .readOnly)
        let leaves = try storeCall { try store.catalogue.logLeaves() }
        let signed = Int(try storeCall { try store.catalogue.latestLogCheckpoint() }?.size ?? 0)
        let lines = leaves.filter { kind == nil || $0.kind.rawValue == kind }.map { leaf in
            AuditLogLine(index: Int(leaf.index), kind: leaf.kind.rawValue, recordId: leaf.recordID, subject: leaf.subject,
                         signed: leaf.index < signed, summary: Self.summary(leaf))
        }
        return AuditLogListing(treeSize: leaves.count, signedSize: signed, leaves: lines)
    }

    /// One line from a logged entry's rows.
    static func summary(_ leaf: DecisionLogLeaf) -> String {
        guard let entry = (try? JSONValue.parse(leaf.entry))?.objectValue else { return "(entry does not parse)" }
        func row(_ table: String) -> JSONObject? { entry["rows"]?.objectValue?[table]?.arrayValue?.first?.objectValue }
        func field(_ object: JSONObject?, _ key: String) -> String { object?[key]?.stringValue ?? "-" }
        switch leaf.kind {
        case .import:
            let bundle = row("bundles")
            return "imported \"\(field(bundle, "name"))\" at \(field(bundle, "imported_at"))"
        case .verdict:
            let verdict = row("verdicts")
            return "\(field(verdict, "result")) \(field(verdict, "subject_digest")) policy sha256:\(field(verdict, "policy_sha256").prefix(16))"
        case .approval:
            let approval = row("approvals")
            return "approved by \(field(approval, "approver")) at \(field(approval, "created_at"))"
        case .revocation:
            let revocation = row("approval_revocations")
            return "revoked by \(field(revocation, "revoked_by")) at \(field(revocation, "revoked_at")): \(field(revocation, "reason"))"
        case .key:
            return "appliance key \(field(entry, "algorithm")) created \(field(entry, "created"))"
        case .logEvent:
            let event = row("tlog_events")
            return "log \(field(event, "origin")) \(field(event, "action")) at size \(field(event, "size")) at \(field(event, "at"))"
                + (field(event, "detail").isEmpty ? "" : " (\(field(event, "detail")))")
        case .trustRoot:
            let event = row("trust_root_events")
            let digest = event?["sha256"]?.stringValue.map { " sha256:\($0)" } ?? ""
            let detail = field(event, "detail")
            return "trust root \(field(event, "action")) \(field(event, "name"))\(digest) from \(field(event, "origin")) at \(field(event, "at"))"
                + (detail.isEmpty || detail == "-" ? "" : " (\(detail))")
        }
    }
}
