public import Foundation

/// Durations as operators write them: a whole number and a unit, `m` (minutes), `h`, `d` or `w`
/// (e.g. `90m`, `12h`, `30d`, `2w`). Several parts may be chained (`1d12h`).
public enum ApprovalDuration {
    /// Parses a duration; throws bad input naming `field` when it is malformed, zero or over ten years.
    public static func parse(_ text: String, field: String) throws(ApplianceError) -> TimeInterval {
        let units: [Character: TimeInterval] = ["m": 60, "h": 3600, "d": 86400, "w": 604_800]
        var total: TimeInterval = 0
        var digits = ""
        for character in text {
            if character.isASCII, character.isNumber {
                digits.append(character)
            } else if let unit = units[character], let value = Int(digits), digits.count <= 6 {
                total += TimeInterval(value) * unit
                digits = ""
            } else {
                digits = "?"
                break
            }
        }
        guard digits.isEmpty, total > 0, total <= 10 * 365 * 86400 else {
            throw ApplianceError(.badInput, "\"\(text)\" is not a duration like 90m, 12h, 30d or 2w (at most ten years)", field: field)
        }
        return total
    }
}
