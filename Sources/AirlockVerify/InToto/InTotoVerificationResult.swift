public import Foundation

/// One step of in-toto layout verification and its outcome, in the order the reference performs them.
public struct InTotoCheck: Sendable, Hashable, Codable {
    /// The outcome of one check.
    public enum Status: String, Sendable, Hashable, Codable {
        /// The check held.
        case passed
        /// The check failed; the layout is not verified.
        case failed
        /// Worth reporting, not a failure (in-toto only warns on command mismatches).
        case warning
        /// Not performed, by the caller's explicit choice (a skipped inspection).
        case skipped
    }

    /// A stable identifier such as `layout.signature`, `step.package.materials` or `sub.3f0a1b2c/step.x.threshold`.
    public var id: String
    /// The outcome.
    public var status: Status
    /// What was checked, or why it failed, naming the step, rule and artifacts involved.
    public var message: String

    /// Makes a check.
    public init(id: String, status: Status, message: String) {
        self.id = id
        self.status = status
        self.message = message
    }
}

/// Whether the product the caller is approving is the one the supply chain produced.
public struct InTotoProductResult: Sendable, Hashable, Codable {
    /// The step whose products were searched.
    public var step: String
    /// The artifact path in that step's products.
    public var path: String
    /// The sha256 the caller expects (lowercase hex).
    public var sha256: String
    /// Whether the step's verified products list `path` with that digest.
    public var matched: Bool
    /// Why it matched or did not.
    public var message: String

    /// Makes a product result.
    public init(step: String, path: String, sha256: String, matched: Bool, message: String) {
        self.step = step
        self.path = path
        self.sha256 = sha256
        self.matched = matched
        self.message = message
    }
}

/// The verdict of one in-toto layout verification: every check performed, in order, plus what was skipped.
///
/// Verification stops at the first failed check, as the reference implementation does, so `checks` ends
/// with that failure.
public struct InTotoVerificationResult: Sendable, Hashable, Codable {
    /// True when no check failed (warnings and caller-approved skips allowed).
    public var verified: Bool
    /// The instant the layout's expiry was judged against.
    public var verificationTime: Date
    /// The layout's `expires`, as written.
    public var layoutExpires: String
    /// The layout's envelope format.
    public var layoutFormat: String
    /// Every check, in verification order.
    public var checks: [InTotoCheck]
    /// Inspections not run because the caller named them (sublayout ones as `<step>.<keyid8>/<name>`).
    public var skippedInspections: [String]
    /// The product tie, when the caller asked for one.
    public var product: InTotoProductResult?

    /// Makes a result.
    public init(verified: Bool, verificationTime: Date, layoutExpires: String, layoutFormat: String,
                checks: [InTotoCheck], skippedInspections: [String], product: InTotoProductResult?) {
        self.verified = verified
        self.verificationTime = verificationTime
        self.layoutExpires = layoutExpires
        self.layoutFormat = layoutFormat
        self.checks = checks
        self.skippedInspections = skippedInspections
        self.product = product
    }

    /// The first failed check, if any.
    public var failure: InTotoCheck? { checks.first { $0.status == .failed } }

    /// The checks that only warn.
    public var warnings: [InTotoCheck] { checks.filter { $0.status == .warning } }
}
