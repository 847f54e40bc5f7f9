/// One in-toto artifact rule (in-toto spec §4.3.3; in-toto-golang `UnpackRule`), parsed from its token array.
///
/// Keywords are case-insensitive; patterns, prefixes and step names keep their case. The original tokens
/// are kept so failure messages can quote the rule exactly as the layout wrote it.
public struct InTotoArtifactRule: Sendable, Hashable, CustomStringConvertible {
    /// Which artifact set of the destination step a MATCH rule compares against.
    public enum ArtifactSet: String, Sendable, Hashable, Codable {
        /// The destination link's materials.
        case materials
        /// The destination link's products.
        case products
    }

    /// The rule's meaning.
    public enum Kind: Sendable, Hashable {
        /// `MATCH <pattern> [IN <src>] WITH (MATERIALS|PRODUCTS) [IN <dst>] FROM <step>`.
        case match(pattern: String, sourcePrefix: String?, destination: ArtifactSet, destinationPrefix: String?, step: String)
        /// `ALLOW <pattern>`: consume every queued match.
        case allow(String)
        /// `DISALLOW <pattern>`: fail if any queued artifact matches.
        case disallow(String)
        /// `CREATE <pattern>`: consume matches that are products but not materials.
        case create(String)
        /// `DELETE <pattern>`: consume matches that are materials but not products.
        case delete(String)
        /// `MODIFY <pattern>`: consume matches present in both with different hashes.
        case modify(String)
        /// `REQUIRE <name>`: fail unless the literal name is still queued.
        case require(String)
    }

    /// The parsed rule.
    public let kind: Kind
    /// The tokens as written in the layout.
    public let tokens: [String]

    /// Parses a token array; throws `invalidField` naming `field` when the shape is not one of the grammar's.
    public init(tokens: [String], field: String? = nil) throws {
        self.tokens = tokens
        let lower = tokens.map { $0.lowercased() }
        func fail(_ why: String) -> FormatError {
            FormatError(.invalidField, "invalid artifact rule \(tokens): \(why)", field: field)
        }
        guard let keyword = lower.first else { throw fail("a rule has at least a keyword and a pattern") }
        switch keyword {
        case "allow", "disallow", "create", "delete", "modify", "require":
            guard tokens.count == 2 else { throw fail("\(keyword.uppercased()) rules have the form '\(keyword.uppercased()) <pattern>'") }
            let p = tokens[1]
            switch keyword {
            case "allow": kind = .allow(p)
            case "disallow": kind = .disallow(p)
            case "create": kind = .create(p)
            case "delete": kind = .delete(p)
            case "modify": kind = .modify(p)
            default: kind = .require(p)
            }
        case "match":
            let n = tokens.count
            var src: String?
            var dst: String?
            let setToken: String
            let step: String
            if n == 10, lower[2] == "in", lower[4] == "with", lower[6] == "in", lower[8] == "from" {
                (src, setToken, dst, step) = (tokens[3], lower[5], tokens[7], tokens[9])
            } else if n == 8, lower[2] == "in", lower[4] == "with", lower[6] == "from" {
                (src, setToken, step) = (tokens[3], lower[5], tokens[7])
            } else if n == 8, lower[2] == "with", lower[4] == "in", lower[6] == "from" {
                (setToken, dst, step) = (lower[3], tokens[5], tokens[7])
            } else if n == 6, lower[2] == "with", lower[4] == "from" {
                (setToken, step) = (lower[3], tokens[5])
            } else {
                throw fail("MATCH rules have the form 'MATCH <pattern> [IN <source-path-prefix>] WITH (MATERIALS|PRODUCTS) [IN <destination-path-prefix>] FROM <step>'")
            }
            guard let set = ArtifactSet(rawValue: setToken) else { throw fail("MATCH compares WITH MATERIALS or WITH PRODUCTS") }
            kind = .match(pattern: tokens[1], sourcePrefix: src, destination: set, destinationPrefix: dst, step: step)
        default:
            throw fail("rules start with MATCH, ALLOW, DISALLOW, CREATE, DELETE, MODIFY or REQUIRE")
        }
    }

    /// The rule as the layout wrote it, tokens joined by spaces (as in-toto prints it in errors).
    public var description: String { tokens.joined(separator: " ") }

    /// The same rule with every token passed through `transform` (parameter substitution); re-parsed.
    public func mapTokens(_ transform: (String) -> String) throws -> InTotoArtifactRule {
        try InTotoArtifactRule(tokens: tokens.map(transform))
    }
}
