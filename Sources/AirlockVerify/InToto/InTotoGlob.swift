/// Python `fnmatch.fnmatchcase` semantics, which in-toto uses for artifact rule patterns: `*` matches any
/// run of characters **including `/`**, `?` any one character, `[seq]` / `[!seq]` a character set with
/// ranges; a `[` without a closing `]` is literal, and backslash has no special meaning.
///
/// Matching runs in O(pattern × name) time (greedy star with one backtrack point), so hostile patterns
/// cannot blow up.
struct InTotoGlob: Sendable {
    private enum Token: Sendable {
        case star
        case any
        case literal(Unicode.Scalar)
        case set(negated: Bool, items: [ClosedRange<Unicode.Scalar>])

        func matches(_ c: Unicode.Scalar) -> Bool {
            switch self {
            case .star, .any: true
            case .literal(let l): l == c
            case .set(let negated, let items): items.contains { $0.contains(c) } != negated
            }
        }
    }

    private let tokens: [Token]

    /// Compiles `pattern`.
    init(_ pattern: String) {
        let p = Array(pattern.unicodeScalars)
        var out: [Token] = []
        var i = 0
        while i < p.count {
            let c = p[i]
            i += 1
            switch c {
            case "*":
                if case .star = out.last { continue }
                out.append(.star)
            case "?":
                out.append(.any)
            case "[":
                var j = i
                if j < p.count, p[j] == "!" { j += 1 }
                if j < p.count, p[j] == "]" { j += 1 }
                while j < p.count, p[j] != "]" { j += 1 }
                guard j < p.count else {
                    out.append(.literal("["))
                    continue
                }
                var body = Array(p[i..<j])
                i = j + 1
                let negated = body.first == "!"
                if negated { body.removeFirst() }
                out.append(.set(negated: negated, items: Self.items(body)))
            default:
                out.append(.literal(c))
            }
        }
        tokens = out
    }

    /// The ranges of a bracket body: `a-z` is a range (empty if reversed), `-` first or last is literal.
    private static func items(_ body: [Unicode.Scalar]) -> [ClosedRange<Unicode.Scalar>] {
        var items: [ClosedRange<Unicode.Scalar>] = []
        var k = 0
        while k < body.count {
            if k + 2 < body.count, body[k + 1] == "-" {
                if body[k] <= body[k + 2] { items.append(body[k]...body[k + 2]) }
                k += 3
            } else {
                items.append(body[k]...body[k])
                k += 1
            }
        }
        return items
    }

    /// Whether the whole of `name` matches.
    func matches(_ name: String) -> Bool {
        let s = Array(name.unicodeScalars)
        var (pi, si) = (0, 0)
        var star: (p: Int, s: Int)?
        while si < s.count {
            if pi < tokens.count, case .star = tokens[pi] {
                star = (pi, si)
                pi += 1
            } else if pi < tokens.count, tokens[pi].matches(s[si]) {
                pi += 1
                si += 1
            } else if let st = star {
                pi = st.p + 1
                si = st.s + 1
                star = (st.p, st.s + 1)
            } else {
                return false
            }
        }
        while pi < tokens.count, case .star = tokens[pi] { pi += 1 }
        return pi == tokens.count
    }

    /// Convenience: whether `name` matches `pattern`.
    static func match(_ pattern: String, _ name: String) -> Bool {
        InTotoGlob(pattern).matches(name)
    }
}

/// Python `repr` of a list of strings (`['a', "it's"]`), so failure messages read exactly like in-toto's.
enum PythonRepr {
    static func list(_ items: [String]) -> String {
        "[" + items.map(string).joined(separator: ", ") + "]"
    }

    static func string(_ s: String) -> String {
        let quote: Character = s.contains("'") && !s.contains("\"") ? "\"" : "'"
        var out = String(quote)
        for u in s.unicodeScalars {
            switch u {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if Character(u) == quote {
                    out += "\\\(quote)"
                } else if u.value < 0x20 || u.value == 0x7F {
                    out += "\\x" + (u.value < 0x10 ? "0" : "") + String(u.value, radix: 16)
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        out.append(quote)
        return out
    }
}
