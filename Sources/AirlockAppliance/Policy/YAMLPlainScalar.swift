import Yams

/// The tag YAML 1.1 gives a plain, untagged scalar, decided as Yams's default resolver decides it
/// (`Resolver.default`: bool, int, float, merge, null, timestamp and value rules, first match wins) but
/// without its regular expressions, which are Foundation's `NSRegularExpression` over ICU: compiling
/// and running them cost ~1.6 ms of every policy load (`perf`, D29). Only the tags a policy converts
/// (`null`, `bool`, `int`, `float`) are told apart; the merge, timestamp and value rules, and no match,
/// all give `str`, which the policy reads as a string either way. `YAMLPlainScalarTests` hold it to Yams's
/// own resolver on generated scalars.
enum YAMLPlainScalar {
    /// The tag of the plain scalar `text`.
    static func tag(_ text: String) -> Tag.Name {
        if boolWords.contains(text) { return .bool }
        let bytes = Array(text.utf8)
        if isInt(bytes) { return .int }
        if isFloat(bytes) { return .float }
        if text == "<<" { return .merge }
        if nullWords.contains(text) { return .null }
        return .str
    }

    private static let boolWords: Set<String> = ["yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE",
                                                 "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF"]
    private static let nullWords: Set<String> = ["~", "null", "Null", "NULL", ""]

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// `[-+]?(?:0b[0-1_]+|0o?[0-7_]+|0|[1-9][0-9_]*|0x[0-9a-fA-F_]+|[1-9][0-9_]*(?::[0-5]?[0-9])+)`, whole.
    static func isInt(_ all: [UInt8]) -> Bool {
        var s = all[...]
        if let first = s.first, first == 0x2B || first == 0x2D { s = s.dropFirst() }
        guard let head = s.first else { return false }
        func allOf(_ part: ArraySlice<UInt8>, _ allowed: (UInt8) -> Bool) -> Bool { !part.isEmpty && part.allSatisfy(allowed) }
        if s.starts(with: [0x30, 0x62]) { return allOf(s.dropFirst(2)) { $0 == 0x30 || $0 == 0x31 || $0 == 0x5F } }           // 0b
        if s.starts(with: [0x30, 0x78]) {                                                                                          // 0x
            return allOf(s.dropFirst(2)) { isDigit($0) || ($0 >= 0x61 && $0 <= 0x66) || ($0 >= 0x41 && $0 <= 0x46) || $0 == 0x5F }
        }
        if head == 0x30 {
            if s.count == 1 { return true }                                                                                     // 0
            let octal = s.dropFirst().first == 0x6F ? s.dropFirst(2) : s.dropFirst()                                             // 0o? then [0-7_]+
            return allOf(octal) { ($0 >= 0x30 && $0 <= 0x37) || $0 == 0x5F }
        }
        guard head >= 0x31 && head <= 0x39 else { return false }
        let parts = s.split(separator: 0x3A, omittingEmptySubsequences: false)
        guard parts[0].allSatisfy({ isDigit($0) || $0 == 0x5F }) else { return false }                                          // [1-9][0-9_]*
        return parts.dropFirst().allSatisfy(isBase60Digits)                                                                      // (:[0-5]?[0-9])*
    }

    /// `[0-5]?[0-9]`, whole.
    private static func isBase60Digits(_ part: ArraySlice<UInt8>) -> Bool {
        switch part.count {
        case 1: return isDigit(part[part.startIndex])
        case 2: return part[part.startIndex] >= 0x30 && part[part.startIndex] <= 0x35 && isDigit(part[part.startIndex + 1])
        default: return false
        }
    }

    /// `[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?`, `\.[0-9_]+(?:[eE][-+][0-9]+)?`,
    /// `[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*`, `[-+]?\.(?:inf|Inf|INF)` or `\.(?:nan|NaN|NAN)`, whole.
    static func isFloat(_ all: [UInt8]) -> Bool {
        let text = String(decoding: all, as: UTF8.self)
        if [".nan", ".NaN", ".NAN"].contains(text) { return true }
        var s = all[...]
        let signed = s.first == 0x2B || s.first == 0x2D
        if signed { s = s.dropFirst() }
        if [".inf", ".Inf", ".INF"].contains(String(decoding: s, as: UTF8.self)) { return true }
        guard let head = s.first else { return false }
        func digitsOrUnderscores(_ part: ArraySlice<UInt8>) -> Bool { part.allSatisfy { isDigit($0) || $0 == 0x5F } }
        if head == 0x2E {                                                                                                        // \.[0-9_]+(e[-+][0-9]+)?
            guard !signed else { return false }
            var rest = s.dropFirst()
            if let e = rest.firstIndex(where: { $0 == 0x65 || $0 == 0x45 }) {
                let exponent = rest[(e + 1)...]
                guard let sign = exponent.first, sign == 0x2B || sign == 0x2D,
                      !exponent.dropFirst().isEmpty, exponent.dropFirst().allSatisfy(isDigit) else { return false }
                rest = rest[..<e]
            }
            return !rest.isEmpty && digitsOrUnderscores(rest)
        }
        guard isDigit(head) else { return false }
        if let colon = s.firstIndex(of: 0x3A) {                                                                                  // sexagesimal
            guard digitsOrUnderscores(s[..<colon]), let dot = s.firstIndex(of: 0x2E), dot > colon else { return false }
            let groups = s[colon..<dot].split(separator: 0x3A, omittingEmptySubsequences: false).dropFirst()
            return !groups.isEmpty && groups.allSatisfy(isBase60Digits) && digitsOrUnderscores(s[(dot + 1)...])
        }
        var rest = s
        if let e = rest.firstIndex(where: { $0 == 0x65 || $0 == 0x45 }) {
            var exponent = rest[(e + 1)...]
            if let sign = exponent.first, sign == 0x2B || sign == 0x2D { exponent = exponent.dropFirst() }
            guard !exponent.isEmpty, exponent.allSatisfy(isDigit) else { return false }
            rest = rest[..<e]
        }
        if let dot = rest.firstIndex(of: 0x2E) {
            return digitsOrUnderscores(rest[..<dot]) && digitsOrUnderscores(rest[(dot + 1)...])
        }
        return digitsOrUnderscores(rest)
    }
}
