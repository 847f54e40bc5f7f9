public import Foundation
public import AirlockFormats

/// The window in which an approval admits images, written inside every signed VSA predicate (as
/// `validFrom` / `validUntil`, RFC 3339 UTC) together with the approval id (`approvalId`), so an
/// admission controller can enforce it without asking the appliance (docs/decisions.md D19).
public struct ApprovalValidity: Sendable, Equatable {
    /// The approval id the VSAs belong to.
    public var approvalID: String
    /// The approval instant (whole seconds).
    public var validFrom: Date
    /// The end of the window; nil only when the operator chose `--expires never`.
    public var validUntil: Date?

    /// Makes a window.
    public init(approvalID: String, validFrom: Date, validUntil: Date?) {
        self.approvalID = approvalID
        self.validFrom = validFrom
        self.validUntil = validUntil
    }

    /// Predicate member names (extra members are allowed by the VSA specification).
    public enum Field {
        /// Start of the window.
        public static let validFrom = "validFrom"
        /// End of the window (absent: never expires).
        public static let validUntil = "validUntil"
        /// The approval id.
        public static let approvalID = "approvalId"
    }

    /// `predicate` with the window and the approval id added.
    func stamp(_ predicate: JSONValue) -> JSONValue {
        guard case .object(var object) = predicate else { return predicate }
        object[Field.approvalID] = .string(approvalID)
        object[Field.validFrom] = .string(RFC3339.format(validFrom))
        if let validUntil { object[Field.validUntil] = .string(RFC3339.format(validUntil)) }
        return .object(object)
    }

    /// Reads the window back from a signed predicate; nil when it carries none (an approval made before
    /// windows were signed).
    public static func read(_ predicate: JSONValue?) -> (approvalID: String?, validFrom: Date?, validUntil: Date?)? {
        guard let object = predicate?.objectValue, let from = object[Field.validFrom]?.stringValue else { return nil }
        return (object[Field.approvalID]?.stringValue, RFC3339.parse(from),
                object[Field.validUntil]?.stringValue.flatMap { RFC3339.parse($0) })
    }
}
