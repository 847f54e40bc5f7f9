public import AirlockFormats

/// Matches a string exactly or by a regular expression.
///
/// Regular expressions are **unanchored**, as in sigstore-go (Go RE2 `MatchString`): the pattern may
/// match anywhere. Write `^…$` to match the whole value. They are RE2 (linear time, no backreferences),
/// compiled once when the matcher is made (`CompiledRegex`).
public struct StringMatcher: Sendable, CustomStringConvertible {
    /// How the value is compared.
    public enum Kind: Sendable, Equatable {
        /// Byte-for-byte equality.
        case exact(String)
        /// An unanchored regular expression.
        case regex(String)
    }

    /// How the value is compared.
    public let kind: Kind
    /// The compiled program of a `.regex` matcher.
    private let compiled: CompiledRegex?

    private init(kind: Kind, compiled: CompiledRegex?) {
        self.kind = kind
        self.compiled = compiled
    }

    /// Matches exactly this value.
    public static func exact(_ value: String) -> StringMatcher { StringMatcher(kind: .exact(value), compiled: nil) }

    /// Matches this unanchored RE2 regular expression; throws with RE2's error text if it does not
    /// compile, or if it is longer than `limits.maxRegexPatternBytes`.
    public static func regex(_ pattern: String, limits: Limits = .default) throws(PolicyError) -> StringMatcher {
        StringMatcher(kind: .regex(pattern), compiled: try CompiledRegex(pattern, limits: limits))
    }

    /// Whether `value` matches (linear in its length).
    public func matches(_ value: String) -> Bool {
        switch kind {
        case .exact(let expected):
            return value == expected
        case .regex:
            return compiled?.matches(value) ?? false
        }
    }

    /// `"value"` or `/pattern/`.
    public var description: String {
        switch kind {
        case .exact(let value): return "\"\(value)\""
        case .regex(let pattern): return "/\(pattern)/"
        }
    }
}

/// A policy that cannot be used as given (bad regex, empty requirement list…).
public struct PolicyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong.
    public var reason: String

    /// Makes an error.
    public init(_ reason: String) { self.reason = reason }

    /// The reason.
    public var description: String { reason }
}
