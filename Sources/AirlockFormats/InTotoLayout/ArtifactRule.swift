/// An in-toto artifact rule (docs/formats.md §8.4), validated from its token array.
public enum ArtifactRule: Sendable, Hashable {
    /// Which artifact set of the destination step a MATCH rule looks in.
    public enum Side: String, Sendable, Hashable {
        /// The step's materials.
        case materials
        /// The step's products.
        case products
    }

    /// `MATCH <pattern> [IN <srcPrefix>] WITH (MATERIALS|PRODUCTS) [IN <dstPrefix>] FROM <step>`.
    case match(pattern: String, sourcePrefix: String?, side: Side, destinationPrefix: String?, step: String)
    /// `CREATE <pattern>`.
    case create(String)
    /// `DELETE <pattern>`.
    case delete(String)
    /// `MODIFY <pattern>`.
    case modify(String)
    /// `ALLOW <pattern>`.
    case allow(String)
    /// `DISALLOW <pattern>`.
    case disallow(String)
    /// `REQUIRE <name>`.
    case require(String)

    /// Parses a token array (keywords case-insensitive), or says why it is not a valid rule.
    public static func parse(_ tokens: [String]) -> Result<ArtifactRule, FormatError> {
        func bad(_ why: String) -> Result<ArtifactRule, FormatError> {
            .failure(FormatError(.invalidField, "invalid artifact rule \(tokens): \(why)"))
        }
        guard let keyword = tokens.first?.uppercased() else { return bad("empty rule") }
        if keyword != "MATCH" {
            guard tokens.count == 2 else { return bad("\(keyword) takes exactly one pattern") }
            switch keyword {
            case "CREATE": return .success(.create(tokens[1]))
            case "DELETE": return .success(.delete(tokens[1]))
            case "MODIFY": return .success(.modify(tokens[1]))
            case "ALLOW": return .success(.allow(tokens[1]))
            case "DISALLOW": return .success(.disallow(tokens[1]))
            case "REQUIRE": return .success(.require(tokens[1]))
            default: return bad("unknown keyword \(tokens[0])")
            }
        }
        guard [6, 8, 10].contains(tokens.count) else { return bad("MATCH takes 6, 8 or 10 tokens") }
        var i = 2
        var sourcePrefix: String?
        if tokens[i].uppercased() == "IN" {
            guard tokens.count >= 8 else { return bad("IN without a prefix") }
            sourcePrefix = tokens[i + 1]
            i += 2
        }
        guard tokens[i].uppercased() == "WITH", i + 1 < tokens.count,
              let side = Side(rawValue: tokens[i + 1].lowercased()) else { return bad("expected WITH MATERIALS|PRODUCTS") }
        i += 2
        var destinationPrefix: String?
        if i < tokens.count, tokens[i].uppercased() == "IN" {
            guard i + 1 < tokens.count else { return bad("IN without a prefix") }
            destinationPrefix = tokens[i + 1]
            i += 2
        }
        guard i + 2 == tokens.count, tokens[i].uppercased() == "FROM" else { return bad("expected FROM <step> at the end") }
        return .success(.match(pattern: tokens[1], sourcePrefix: sourcePrefix, side: side,
                               destinationPrefix: destinationPrefix, step: tokens[i + 1]))
    }

    /// Reads a list of rules, attributing errors to `r`'s path.
    static func readList(_ r: JSONReader?) throws -> [ArtifactRule] {
        guard let r else { return [] }
        return try r.array().map { ruleReader in
            let tokens = try ruleReader.array().map { try $0.string() }
            switch parse(tokens) {
            case .success(let rule): return rule
            case .failure(let e): throw ruleReader.error(e.code, e.reason)
            }
        }
    }
}
