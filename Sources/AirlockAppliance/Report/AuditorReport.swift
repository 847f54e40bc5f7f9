import Foundation

/// What `airlock report` renders, as HTML or JSON (the same content): a summary of every selected image
/// and, per image, the trace `airlock trace` prints, all checked against one signed decision-log checkpoint.
public struct AuditorReport: Sendable, Codable, Equatable {
    /// When the report was generated (RFC 3339; `--at`, default now). Approval statuses are as of this instant.
    public var generatedAt: String
    /// The Airlock version that generated it.
    public var airlockVersion: String
    /// What was selected: `all`, `bundle <id>` or `image <reference>`.
    public var selection: String
    /// The decision-log checkpoint every record's proof was checked against.
    public var checkpoint: ReportCheckpoint
    /// One row per image, in name order.
    public var images: [ReportImage]

    /// Images whose latest verdict passes.
    public var passing: Int { images.filter { $0.result == "PASS" }.count }
}

/// The signed checkpoint a report was checked against, and what the check found.
public struct ReportCheckpoint: Sendable, Codable, Equatable {
    /// `verified` (signature good, every proof checks against its root), `unsigned` (no checkpoint yet) or `failed`.
    public var status: String
    /// The tree size it covers (0 when none).
    public var size: Int
    /// Hex root hash (empty when none).
    public var rootHash: String
    /// The id of the key that signed it.
    public var keyId: String?
    /// When it was signed (RFC 3339).
    public var signedAt: String?
    /// Inclusion proofs in the report that were checked against it.
    public var proofsChecked: Int
    /// Why the check failed, when it failed.
    public var problems: [String]
}

/// One image of a report: the summary row and its full trace.
public struct ReportImage: Sendable, Codable, Equatable {
    /// The image digest.
    public var digest: String
    /// Its names.
    public var names: [String]
    /// The latest verdict's result: `PASS`, `FAIL`, or `NONE` when never verified.
    public var result: String
    /// The latest verdict's policy (SHA-256).
    public var policySHA256: String?
    /// The rule that decided.
    public var rule: String?
    /// The latest verdict's verification instant (RFC 3339).
    public var verificationTime: String?
    /// `active`, `expired` or `revoked` for the newest approval naming the image; nil when none does.
    public var approval: String?
    /// Everything `airlock trace` reports about the image.
    public var trace: TraceReport
}

/// Which images a report covers.
public enum ReportSelection: Sendable, Equatable {
    /// Every image of one imported bundle (id or archive SHA-256 prefix).
    case bundle(String)
    /// One image by digest or name.
    case image(String)
    /// Every top-level image.
    case all

    /// How the report names the selection.
    var label: String {
        switch self {
        case .bundle(let id): "bundle \(id)"
        case .image(let reference): "image \(reference)"
        case .all: "all"
        }
    }
}
