import AirlockCrypto

extension SitePolicy {
    /// Advice `airlock policy check` prints without refusing the policy: signer entries of a rule's
    /// `signatures` that one signature could satisfy together (the same key twice, the same identity
    /// twice, an exact SAN another entry's `sanRegex` matches). Such entries never add to a threshold,
    /// since each signature counts toward one signer only, so a threshold meant to need two people may
    /// be unreachable or weaker than it reads. Each warning is `path: reason`.
    public var lintWarnings: [String] {
        var warnings: [String] = []
        for (r, rule) in rules.enumerated() {
            guard let signers = rule.signatures?.signers else { continue }
            let path = "rules[\(r)].signatures.signers"
            for j in signers.indices {
                for i in 0..<j {
                    if let reason = Self.overlap(signers[i], signers[j]) {
                        warnings.append("\(path)[\(j)]: \(reason) \(path)[\(i)]; one signature counts toward only one of them")
                    }
                }
            }
        }
        return warnings
    }

    /// Why one signature could satisfy both entries (`b` phrased against `a`), or nil when none can.
    static func overlap(_ a: PolicySigner, _ b: PolicySigner) -> String? {
        switch (a.kind, b.kind) {
        case (.key(let x), .key(let y)):
            return x.spkiDER == y.spkiDER ? "is the same public key as" : nil
        case (.keyless(let x), .keyless(let y)):
            guard !conflicting(x.extensions, y.extensions),
                  let issuer = overlap(x.issuer, y.issuer), let san = overlap(x.subjectAlternativeName, y.subjectAlternativeName)
            else { return nil }
            if san == .same, issuer == .same, x.extensions == y.extensions { return "has the same SAN and issuer as" }
            switch san {
            case .same: return "has the same SAN as (with an overlapping issuer)"
            case .secondMatchedByFirst: return "has an exact SAN matched by the sanRegex of"
            case .firstMatchedBySecond: return "has a sanRegex that matches the exact SAN of"
            }
        default:
            return nil
        }
    }

    private enum Overlap { case same, secondMatchedByFirst, firstMatchedBySecond }

    /// Whether some value matches both: equal matchers, or an exact value the other's pattern matches.
    /// Two different patterns are not judged (their intersection is not decidable cheaply): no warning.
    private static func overlap(_ a: StringMatcher, _ b: StringMatcher) -> Overlap? {
        switch (a.kind, b.kind) {
        case _ where a.kind == b.kind: return .same
        case (.regex, .exact(let value)): return a.matches(value) ? .secondMatchedByFirst : nil
        case (.exact(let value), .regex): return b.matches(value) ? .firstMatchedBySecond : nil
        default: return nil
        }
    }

    private static func conflicting(_ a: [String: String], _ b: [String: String]) -> Bool {
        a.contains { oid, value in b[oid].map { $0 != value } ?? false }
    }
}
