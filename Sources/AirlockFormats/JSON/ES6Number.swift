/// ECMAScript `Number.prototype.toString` for doubles (ECMA-262 §6.1.6.1.20), as RFC 8785 requires.
///
/// Swift's `description` already yields the shortest round-tripping digits (closest on ties, like ES6);
/// this re-lays those digits out with ES6's rules for plain versus exponent notation.
enum ES6Number {
    /// The ES6 spelling, or nil for NaN and infinities (which JCS forbids).
    static func format(_ value: Double) -> String? {
        guard value.isFinite else { return nil }
        if value == 0 { return "0" }  // also -0
        let negative = value < 0
        let (digits, exponent) = shortestDigits(abs(value))
        // value = 0.d1d2...dk × 10^n
        let k = digits.count
        let n = exponent
        var s: String
        if k <= n && n <= 21 {
            s = digits + String(repeating: "0", count: n - k)
        } else if 0 < n && n <= 21 {
            let i = digits.index(digits.startIndex, offsetBy: n)
            s = digits[..<i] + "." + digits[i...]
        } else if -6 < n && n <= 0 {
            s = "0." + String(repeating: "0", count: -n) + digits
        } else {
            let e = n - 1
            let sign = e < 0 ? "-" : "+"
            let head = digits.prefix(1)
            let tail = digits.dropFirst()
            s = head + (tail.isEmpty ? "" : "." + tail) + "e" + sign + String(abs(e))
        }
        return negative ? "-" + s : s
    }

    /// Shortest significant digits (no leading or trailing zeros) and the decimal exponent `n`
    /// such that value = 0.digits × 10^n.
    private static func shortestDigits(_ value: Double) -> (String, Int) {
        let text = value.description  // e.g. "123.456", "1e-06", "1.5e+30", "100.0"
        var mantissa = Substring(text)
        var exp10 = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exp10 = Int(text[text.index(after: e)...]) ?? 0
        }
        var intPart = mantissa
        var fracPart: Substring = ""
        if let dot = mantissa.firstIndex(of: ".") {
            intPart = mantissa[..<dot]
            fracPart = mantissa[mantissa.index(after: dot)...]
        }
        var all = String(intPart) + String(fracPart)
        var pointPos = intPart.count + exp10  // digits before the decimal point
        while all.hasPrefix("0") {
            all.removeFirst()
            pointPos -= 1
        }
        while all.hasSuffix("0") { all.removeLast() }
        return (all, pointPos)
    }
}
