public import Foundation

extension RFC3339 {
    /// The renderings Airlock has written, each reproduced byte for byte because verdicts, approvals
    /// and demo evidence that contain them are replayed and compared as bytes. All are UTC with `Z`.
    public enum Rendering: Sendable, Hashable {
        /// `2026-01-02T03:04:05Z`, the instant truncated to the second: in-toto layout `expires`
        /// (securesystemslib `ISO8601_DATETIME_SCHEMA`), approval times, OCI `created` annotations.
        case seconds
        /// `2026-01-02T03:04:05Z` after rounding to the nearest millisecond, so `…:05.9996` renders as
        /// `…:06Z`: the verdict `verificationTime` (what Foundation's `ISO8601DateFormatter` wrote).
        case secondsOfNearestMillisecond
        /// `…:05Z` for a whole second, else `…:05.678Z` with the milliseconds rounded to nearest
        /// (trusted-root validity windows the test kit writes).
        case millisecondsIfFractional
        /// `…:05Z` for a whole second, else `…:05.678Z` with the milliseconds truncated (instants shown
        /// to the operator, e.g. a signing time).
        case truncatedMillisecondsIfFractional
    }

    /// Formats `date` as an RFC 3339 `date-time` in UTC in the given rendering.
    public static func format(_ date: Date, _ rendering: Rendering = .seconds) -> String {
        let t = date.timeIntervalSince1970
        let whole = t.rounded(.down) == t
        switch rendering {
        case .seconds:
            return render(seconds: Int(t.rounded(.down)), milliseconds: nil)
        case .secondsOfNearestMillisecond:
            return render(seconds: floorDiv(nearestMilliseconds(t), 1000), milliseconds: nil)
        case .millisecondsIfFractional:
            if whole { return render(seconds: Int(t), milliseconds: nil) }
            let ms = nearestMilliseconds(t)
            return render(seconds: floorDiv(ms, 1000), milliseconds: ms - floorDiv(ms, 1000) * 1000)
        case .truncatedMillisecondsIfFractional:
            if whole { return render(seconds: Int(t), milliseconds: nil) }
            let reference = date.timeIntervalSinceReferenceDate
            let nanoseconds = Int((reference - reference.rounded(.down)) * 1_000_000_000)
            return render(seconds: Int(t.rounded(.down)), milliseconds: min(999, nanoseconds / 1_000_000))
        }
    }

    /// Milliseconds since the epoch, rounded half up (as ICU-backed formatters round).
    private static func nearestMilliseconds(_ t: TimeInterval) -> Int {
        Int((t * 1000 + 0.5).rounded(.down))
    }

    private static func floorDiv(_ a: Int, _ b: Int) -> Int {
        a >= 0 ? a / b : -((-a + b - 1) / b)
    }

    /// `YYYY-MM-DDTHH:MM:SS[.mmm]Z` for whole seconds since the epoch.
    private static func render(seconds total: Int, milliseconds: Int?) -> String {
        let days = floorDiv(total, 86_400)
        let secs = total - days * 86_400
        let (y, m, d) = civilFromDays(days)
        func pad(_ v: Int, _ width: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        var text = pad(y, 4) + "-" + pad(m, 2) + "-" + pad(d, 2) + "T"
            + pad(secs / 3600, 2) + ":" + pad(secs / 60 % 60, 2) + ":" + pad(secs % 60, 2)
        if let milliseconds { text += "." + pad(milliseconds, 3) }
        return text + "Z"
    }

    /// Year, month, day of a day count since 1970-01-01 (H. Hinnant's `civil_from_days`).
    private static func civilFromDays(_ z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
