public import AirlockFormats

/// Built-in conditions on SLSA provenance v0.2 and v1 predicates (docs/formats.md §7.3), in the spirit of
/// slsa-verifier: a trusted builder, the expected build type, source repository, ref and commit, and
/// expected external parameters. Source facts are cross-checked with the signing certificate's Fulcio
/// extensions (.12 repository, .13 commit, .14 ref) when the certificate carries them.
public struct SLSARequirement: Sendable {
    /// How the source ref is constrained.
    public enum RefRule: Sendable {
        /// `refs/heads/<name>`.
        case branch(String)
        /// `refs/tags/<name>`, exactly.
        case tag(String)
        /// A `v`-prefixed semantic-version tag: the components given must match, a given patch together with
        /// its pre-release (`v13` accepts `v13.0.30`; `v1.2.3` refuses `v1.2.3-rc.1`); build metadata is ignored.
        case versionedTag(String)
        /// The full ref matches this unanchored regular expression.
        case pattern(StringMatcher)
    }

    /// Allowed `builder.id`s: an entry with `@` must equal the id; one without matches the id's part before `@`.
    public var builderIDs: [String]
    /// Allowed `buildType`s (empty: any).
    public var buildTypes: [String]
    /// The source repository (`github.com/org/repo`; scheme, `git+` and `.git` are ignored), if constrained.
    public var sourceRepository: String?
    /// The ref rule, if any.
    public var ref: RefRule?
    /// The exact source commit (hex), if constrained.
    public var sourceCommit: String?
    /// External parameters (v1 `externalParameters`, v0.2 `invocation.parameters`) that must equal these values.
    public var externalParameters: JSONObject?
    /// Cross-check repository, commit and ref with the certificate's Fulcio extensions (default on).
    public var certificateCrossCheck: Bool

    /// Makes a requirement.
    public init(builderIDs: [String], buildTypes: [String] = [], sourceRepository: String? = nil, ref: RefRule? = nil,
                sourceCommit: String? = nil, externalParameters: JSONObject? = nil, certificateCrossCheck: Bool = true) {
        self.builderIDs = builderIDs
        self.buildTypes = buildTypes
        self.sourceRepository = sourceRepository
        self.ref = ref
        self.sourceCommit = sourceCommit
        self.externalParameters = externalParameters
        self.certificateCrossCheck = certificateCrossCheck
    }

    /// The predicate types the built-in conditions understand.
    public static let predicateTypes: Set<String> = [SLSAProvenanceV02.predicateType, SLSAProvenanceV1.predicateType]
}

/// A generic condition on a verified predicate: the value at `path` equals a JSON value, matches a
/// regular expression, or is one of a list.
public struct PredicateCondition: Sendable {
    /// The comparison.
    public enum Operator: Sendable {
        /// JSON equality.
        case equals(JSONValue)
        /// The value is a string matching this (unanchored) regular expression.
        case matches(StringMatcher)
        /// The value equals one of these.
        case oneOf([JSONValue])
    }

    /// The path as written (dotted keys, `[n]` indices), relative to the predicate.
    public var path: String
    /// The parsed path.
    public var components: [JSONPathComponent]
    /// The comparison.
    public var op: Operator

    /// Makes a condition.
    public init(path: String, components: [JSONPathComponent], op: Operator) {
        self.path = path
        self.components = components
        self.op = op
    }
}

/// One step of a predicate path.
public enum JSONPathComponent: Sendable, Equatable {
    /// An object member.
    case key(String)
    /// An array element.
    case index(Int)

    /// Parses `a.b[0].c` (a leading `$.` or `predicate.` is accepted and ignored); nil when malformed.
    public static func parse(_ text: String) -> [JSONPathComponent]? {
        var rest = Substring(text)
        if rest.hasPrefix("$.") { rest = rest.dropFirst(2) } else if rest.hasPrefix("predicate.") { rest = rest.dropFirst(10) }
        var out: [JSONPathComponent] = []
        for part in rest.split(separator: ".", omittingEmptySubsequences: false) {
            var segment = part
            guard let bracket = segment.firstIndex(of: "[") ?? Optional(segment.endIndex) else { return nil }
            let key = segment[..<bracket]
            if !key.isEmpty { out.append(.key(String(key))) } else if bracket == segment.endIndex { return nil }
            segment = segment[bracket...]
            while !segment.isEmpty {
                guard segment.first == "[", let close = segment.firstIndex(of: "]"),
                      let n = Int(segment[segment.index(after: segment.startIndex)..<close]), n >= 0 else { return nil }
                out.append(.index(n))
                segment = segment[segment.index(after: close)...]
            }
        }
        return out.isEmpty ? nil : out
    }

    /// The value at `path` inside `value`, or nil when absent.
    public static func resolve(_ path: [JSONPathComponent], in value: JSONValue) -> JSONValue? {
        var current = value
        for component in path {
            switch component {
            case .key(let key):
                guard let next = current.objectValue?[key] else { return nil }
                current = next
            case .index(let i):
                guard let array = current.arrayValue, i < array.count else { return nil }
                current = array[i]
            }
        }
        return current
    }
}
