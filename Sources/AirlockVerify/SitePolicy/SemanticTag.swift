/// Semantic-version tags as slsa-verifier's `--source-versioned-tag` reads them (Go `x/mod/semver`):
/// a required `v`, then `MAJOR[.MINOR[.PATCH[-PRERELEASE][+BUILD]]]`, numbers without leading zeros.
/// The pre-release is part of the version; build metadata is ignored (semver.org §10).
struct SemanticTag: Equatable {
    var major: String
    var minor: String?
    var patch: String?
    var prerelease: String?

    /// Parses a (partial) `v`-prefixed semantic version; nil when `text` is not one (`1.2.3`,
    /// `v1.2-rc`, `v01`, `v1.2.3-`, `v1.2.3+` …).
    init?(_ text: String) {
        guard text.first == "v" else { return nil }
        var rest = Substring(text.dropFirst())
        if let plus = rest.firstIndex(of: "+") {
            guard Self.validIdentifiers(rest[rest.index(after: plus)...], numeric: false) else { return nil }
            rest = rest[..<plus]
        }
        var pre: Substring?
        if let dash = rest.firstIndex(of: "-") {
            pre = rest[rest.index(after: dash)...]
            rest = rest[..<dash]
        }
        let numbers = rest.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...3).contains(numbers.count), numbers.allSatisfy(Self.isNumber) else { return nil }
        // Pre-release and build metadata only follow a full MAJOR.MINOR.PATCH, as in x/mod/semver.
        guard pre == nil || numbers.count == 3, !text.contains("+") || numbers.count == 3 else { return nil }
        if let pre, !Self.validIdentifiers(pre, numeric: true) { return nil }
        major = String(numbers[0])
        minor = numbers.count > 1 ? String(numbers[1]) : nil
        patch = numbers.count > 2 ? String(numbers[2]) : nil
        prerelease = pre.map(String.init)
    }

    /// Whether the provenance tag `tag` is the version `expected` names: same major; same minor when
    /// `expected` gives one; same patch and pre-release when it gives a patch (`v1` matches
    /// `v1.4.0-rc.1`, `v1.2.3` does not match `v1.2.3-alpha`). A tag that is not a `v`-prefixed semantic
    /// version never matches; the tag's missing components count as 0, as `semver.Canonical` fills them.
    static func matches(tag: String, expected: String) -> Bool {
        guard let have = SemanticTag(tag), let want = SemanticTag(expected) else { return false }
        guard have.major == want.major else { return false }
        if let minor = want.minor, minor != (have.minor ?? "0") { return false }
        if let patch = want.patch, patch != (have.patch ?? "0") || want.prerelease != have.prerelease { return false }
        return true
    }

    private static func isNumber(_ s: Substring) -> Bool {
        !s.isEmpty && s.allSatisfy { $0.isASCII && $0.isNumber } && (s == "0" || s.first != "0")
    }

    /// Dot-separated non-empty `[0-9A-Za-z-]` identifiers; numeric pre-release identifiers have no leading zero.
    private static func validIdentifiers(_ s: Substring, numeric: Bool) -> Bool {
        s.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { id in
            guard !id.isEmpty, id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else { return false }
            return !numeric || !id.allSatisfy(\.isNumber) || isNumber(id)
        }
    }
}
