public import Foundation
public import AirlockFormats

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
    public var checks: [CheckResult]
    /// Inspections not run because the caller named them (sublayout ones as `<step>.<keyid8>/<name>`).
    public var skippedInspections: [String]
    /// The product tie, when the caller asked for one.
    public var product: InTotoProductResult?

    /// Makes a result.
    public init(verified: Bool, verificationTime: Date, layoutExpires: String, layoutFormat: String,
                checks: [CheckResult], skippedInspections: [String], product: InTotoProductResult?) {
        self.verified = verified
        self.verificationTime = verificationTime
        self.layoutExpires = layoutExpires
        self.layoutFormat = layoutFormat
        self.checks = checks
        self.skippedInspections = skippedInspections
        self.product = product
    }

    /// The first failed check, if any.
    public var failure: CheckResult? { checks.first { $0.status == .failed } }

    /// The checks that only warn.
    public var warnings: [CheckResult] { checks.filter { $0.status == .warning } }
}
