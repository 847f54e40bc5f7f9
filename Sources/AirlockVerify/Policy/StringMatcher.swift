/// Matches a string exactly or by a regular expression.
///
/// Regular expressions are **unanchored**, as in sigstore-go (Go RE2 `MatchString`): the pattern may
/// match anywhere. Write `^…$` to match the whole value.
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

    /// Matches exactly this value.
    public static func exact(_ value: String) -> StringMatcher { StringMatcher(kind: .exact(value)) }

    /// Matches this unanchored regular expression; throws if it does not compile.
    public static func regex(_ pattern: String) throws(PolicyError) -> StringMatcher {
        do {
            _ = try Regex(pattern)
        } catch {
            throw PolicyError("invalid regular expression \(pattern): \(error)")
        }
        return StringMatcher(kind: .regex(pattern))
    }

    /// Whether `value` matches.
    public func matches(_ value: String) -> Bool {
        switch kind {
        case .exact(let expected):
            return value == expected
        case .regex(let pattern):
            guard let regex = try? Regex(pattern) else { return false }
            return (try? regex.firstMatch(in: value)) != nil
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
