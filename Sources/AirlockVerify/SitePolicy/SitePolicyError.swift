/// A site policy that cannot be used as written: a stable code, a human reason and the path of the
/// offending element (for example `rules[0].signatures.signers`), so `airlock policy check` can print
/// one clear line per problem. A policy that does not parse is never treated as a pass.
public struct SitePolicyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of problem, stable for scripts and tests.
    public enum Code: String, Sendable, Codable {
        /// The document is not valid YAML or JSON, or not an object at the top.
        case malformed = "malformed"
        /// A key this policy version does not define (typos must not silently weaken a policy).
        case unknownKey = "unknown-key"
        /// A required key is absent.
        case missingField = "missing-field"
        /// A value has the wrong type or an unacceptable value.
        case invalidValue = "invalid-value"
        /// A regular expression does not compile.
        case badRegex = "bad-regex"
        /// A requirement list (rules, signers, selectors, attestations, conditions…) is empty.
        case emptyRequirement = "empty-requirement"
        /// A predicate condition uses an operator this version does not know.
        case unknownCondition = "unknown-condition"
        /// A rule names a trust root that is neither pinned nor declared in the policy.
        case unknownTrustRoot = "unknown-trust-root"
        /// The policy `version` is not one this build understands.
        case unsupportedVersion = "unsupported-version"
    }

    /// The kind of problem.
    public var code: Code
    /// A one-line human explanation.
    public var reason: String
    /// Where in the policy (dotted path with indices), empty for the whole document.
    public var path: String

    /// Makes an error.
    public init(_ code: Code, _ reason: String, path: String = "") {
        self.code = code
        self.reason = reason
        self.path = path
    }

    /// `path: reason [code]`.
    public var description: String {
        (path.isEmpty ? "" : "\(path): ") + reason + " [\(code.rawValue)]"
    }
}
