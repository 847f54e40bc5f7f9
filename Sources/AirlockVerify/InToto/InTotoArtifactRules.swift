import AirlockFormats

/// Applies one item's artifact rules to one artifact set, as in-toto python `verify_item_rules` /
/// in-toto-golang `VerifyArtifacts` do: the queue starts as every artifact path; rules run in order,
/// each consumes what it matches; only DISALLOW and REQUIRE can fail; an implicit `ALLOW *` ends the list.
enum InTotoArtifactRules {
    /// A rule that failed, with the message in the reference implementation's words.
    struct Violation: Error, Sendable {
        /// The failing rule.
        let rule: ArtifactRule
        /// `RuleVerificationError: 'DISALLOW *' matched the following artifacts: ['x']`.
        let message: String
    }

    /// Checks `rules` against `link`'s materials or products. `links` are the reduced links of every item
    /// a MATCH rule may name (a missing destination simply matches nothing).
    static func verify(_ rules: [ArtifactRule], on set: ArtifactRule.Side,
                       of link: InTotoArtifacts, links: [String: InTotoArtifacts]) -> Violation? {
        let artifacts = set == .materials ? link.materials : link.products
        let materials = Set(link.materials.keys)
        let products = Set(link.products.keys)
        let created = products.subtracting(materials)
        let deleted = materials.subtracting(products)
        let modified = Set(materials.intersection(products).filter { link.materials[$0] != link.products[$0] })
        var queue = Set(artifacts.keys)
        for rule in rules {
            let consumed: Set<String>
            switch rule {
            case .allow(let pattern):
                consumed = filter(queue, pattern)
            case .create(let pattern):
                consumed = filter(queue, pattern).intersection(created)
            case .delete(let pattern):
                consumed = filter(queue, pattern).intersection(deleted)
            case .modify(let pattern):
                consumed = filter(queue, pattern).intersection(modified)
            case .disallow(let pattern):
                let matched = filter(queue, pattern)
                if !matched.isEmpty {
                    return Violation(rule: rule, message: "RuleVerificationError: '\(rule.text)' matched the following artifacts: "
                                     + PythonRepr.list(matched.sorted()))
                }
                consumed = []
            case .require(let name):
                if !queue.contains(name) {
                    return Violation(rule: rule, message: "RuleVerificationError: '\(rule.text)' did not find \(PythonRepr.string(name)) in: "
                                     + PythonRepr.list(queue.sorted()))
                }
                consumed = []
            case let .match(pattern, sourcePrefix, destination, destinationPrefix, step):
                consumed = match(queue: queue, artifacts: artifacts, pattern: pattern, sourcePrefix: sourcePrefix,
                                 destination: links[step].map { destination == .materials ? $0.materials : $0.products },
                                 destinationPrefix: destinationPrefix)
            }
            queue.subtract(consumed)
        }
        return nil
    }

    private static func filter(_ queue: Set<String>, _ pattern: String) -> Set<String> {
        let glob = InTotoGlob(pattern)
        return queue.filter { glob.matches($0) }
    }

    /// python `verify_match_rule`: strip the source prefix (paths without it are not candidates), glob the
    /// rest, and consume the path when the destination lists `dst-prefix/rest` with an equal hash object.
    private static func match(queue: Set<String>, artifacts: [String: InTotoArtifacts.HashObject], pattern: String,
                              sourcePrefix: String?, destination: [String: InTotoArtifacts.HashObject]?,
                              destinationPrefix: String?) -> Set<String> {
        guard let destination else { return [] }
        let glob = InTotoGlob(pattern)
        let src = InTotoPath.cleanPrefix(sourcePrefix).map(directory)
        let dst = InTotoPath.cleanPrefix(destinationPrefix).map(directory)
        var consumed = Set<String>()
        for path in queue {
            var rest = path
            if let src {
                guard path.hasPrefix(src) else { continue }
                rest = String(path.dropFirst(src.count))
            }
            guard glob.matches(rest) else { continue }
            let dstPath = (dst ?? "") + rest
            if let theirs = destination[dstPath], theirs == artifacts[path] {
                consumed.insert(path)
            }
        }
        return consumed
    }

    /// A prefix with exactly one trailing slash (python `os.path.join(prefix, "")`); empty stays empty.
    private static func directory(_ prefix: String) -> String {
        prefix.isEmpty || prefix.hasSuffix("/") ? prefix : prefix + "/"
    }
}

/// The artifact view of a link that rules work on: a verified link, or a sublayout's summary.
struct InTotoArtifacts: Sendable, Hashable {
    /// An artifact's hash object: algorithm name → lowercase hex, compared as a whole.
    typealias HashObject = [String: String]

    /// The step name.
    var name: String
    /// The command the functionary reported.
    var command: [String]
    /// Path → hashes before the step.
    var materials: [String: HashObject]
    /// Path → hashes after the step.
    var products: [String: HashObject]

    init(name: String, command: [String], materials: [String: HashObject], products: [String: HashObject]) {
        self.name = name
        self.command = command
        self.materials = materials
        self.products = products
    }

    init(_ link: InTotoLink) {
        self.init(name: link.name, command: link.command, materials: link.materials, products: link.products)
    }
}

extension ArtifactRule {
    /// The rule as tokens, keywords upper-case (for messages and parameter substitution).
    var tokens: [String] {
        switch self {
        case let .match(pattern, src, side, dst, step):
            ["MATCH", pattern] + (src.map { ["IN", $0] } ?? []) + ["WITH", side.rawValue.uppercased()]
                + (dst.map { ["IN", $0] } ?? []) + ["FROM", step]
        case .allow(let p): ["ALLOW", p]
        case .disallow(let p): ["DISALLOW", p]
        case .create(let p): ["CREATE", p]
        case .delete(let p): ["DELETE", p]
        case .modify(let p): ["MODIFY", p]
        case .require(let p): ["REQUIRE", p]
        }
    }

    /// The rule as in-toto prints it: tokens joined by spaces.
    var text: String { tokens.joined(separator: " ") }
}
