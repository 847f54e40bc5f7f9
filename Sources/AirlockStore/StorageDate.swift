import Foundation
internal import GRDB
#if canImport(Glibc)
import Glibc
#endif

/// The catalogue's date text, `yyyy-MM-dd HH:mm:ss.SSS` in UTC, as GRDB stores a `Date` (and as every
/// catalogue so far holds them), written and read without GRDB's `DateFormatter` and `Calendar`, which
/// are ICU's: their first use cost ~1.2 ms of every write command (`perf`, D29). The milliseconds are
/// rounded as ICU rounds them (half up) from the same `UDate` Foundation hands it
/// (`(timeIntervalSinceReferenceDate + 978307200) × 1000`). `StorageDateTests` hold the text to GRDB's on
/// generated dates, and the instant read back to GRDB's within a microsecond (it may differ in the last
/// bit), giving the same text again.
enum StorageDate {
    /// The stored text of `date`.
    static func text(_ date: Date) -> String {
        let milliseconds = ((date.timeIntervalSinceReferenceDate + 978_307_200) * 1000 + 0.5).rounded(.down)
        guard milliseconds.isFinite, abs(milliseconds) < 2.5e14 else { return String.fromDatabaseValue(date.databaseValue) ?? "" }
        let total = Int64(milliseconds)
        let (seconds, millis) = (total.floorDivided(by: 1000), total.floorModulo(1000))
        var time = time_t(seconds)
        var parts = tm()
        guard gmtime_r(&time, &parts) != nil, parts.tm_year + 1900 >= 0, parts.tm_year + 1900 <= 9999 else {
            return String.fromDatabaseValue(date.databaseValue) ?? ""
        }
        var out = [UInt8]()
        out.reserveCapacity(23)
        func digits(_ value: Int32, _ count: Int) {
            var buffer = [UInt8](repeating: 0x30, count: count)
            var rest = value
            for index in stride(from: count - 1, through: 0, by: -1) {
                buffer[index] = UInt8(0x30 + rest % 10)
                rest /= 10
            }
            out += buffer
        }
        digits(parts.tm_year + 1900, 4); out.append(0x2D); digits(parts.tm_mon + 1, 2); out.append(0x2D); digits(parts.tm_mday, 2)
        out.append(0x20)
        digits(parts.tm_hour, 2); out.append(0x3A); digits(parts.tm_min, 2); out.append(0x3A); digits(parts.tm_sec, 2)
        out.append(0x2E); digits(Int32(millis), 3)
        return String(decoding: out, as: UTF8.self)
    }

    /// The date of stored text in exactly that form; any other value is left to GRDB's own decoding.
    static func date(_ value: DatabaseValue) -> Date? {
        guard case .string(let text) = value.storage, let date = parse(text) else { return Date.fromDatabaseValue(value) }
        return date
    }

    /// Column `index` of `row` as a date; throws `database` naming `column` when it holds none.
    static func date(_ row: Row, _ index: Int, _ column: String) throws -> Date {
        guard let date = date(row[index] as DatabaseValue) else {
            throw StoreError(.database, "\(column) holds no date: \(String(describing: (row[index] as DatabaseValue)).prefix(40))")
        }
        return date
    }

    /// `yyyy-MM-dd HH:mm:ss.SSS` (UTC) → its instant; nil for any other shape.
    static func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count == 23, bytes[4] == 0x2D, bytes[7] == 0x2D, bytes[10] == 0x20, bytes[13] == 0x3A, bytes[16] == 0x3A,
              bytes[19] == 0x2E else { return nil }
        func number(_ range: Range<Int>) -> Int32? {
            var value: Int32 = 0
            for index in range {
                guard bytes[index] >= 0x30, bytes[index] <= 0x39 else { return nil }
                value = value * 10 + Int32(bytes[index] - 0x30)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10), let hour = number(11..<13),
              let minute = number(14..<16), let second = number(17..<19), let millis = number(20..<23),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 60 else { return nil }
        var parts = tm()
        parts.tm_year = year - 1900
        parts.tm_mon = month - 1
        parts.tm_mday = day
        parts.tm_hour = hour
        parts.tm_min = minute
        parts.tm_sec = second
        let seconds = timegm(&parts)
        // timegm normalises an impossible day (Feb 30): refuse it rather than move it.
        guard parts.tm_mday == day, parts.tm_mon == month - 1 else { return nil }
        // Whole seconds since the reference date, plus the milliseconds. GRDB's calendar may land one bit
        // away now and then; never a millisecond away, so the text written back is the same.
        return Date(timeIntervalSinceReferenceDate: Double(Int64(seconds) - 978_307_200) + Double(millis) / 1000)
    }
}

private extension Int64 {
    func floorDivided(by divisor: Int64) -> Int64 { (self - floorModulo(divisor)) / divisor }
    func floorModulo(_ divisor: Int64) -> Int64 { ((self % divisor) + divisor) % divisor }
}
