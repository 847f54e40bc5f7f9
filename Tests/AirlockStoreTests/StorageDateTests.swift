import Foundation
import Testing
import GRDB
@testable import AirlockStore

/// `StorageDate` writes and reads the catalogue's date text exactly as GRDB does (its `DateFormatter`
/// and UTC `Calendar`, ICU's), without them.
@Suite("Catalogue dates: the same text and instants as GRDB's own")
struct StorageDateTests {
    static func dates(_ count: Int) -> [Date] {
        var generator = SystemRandomNumberGenerator()
        var out: [Date] = [Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: -0.0005), Date(timeIntervalSince1970: 1_780_000_000.9995),
                           Date(timeIntervalSince1970: 1_780_000_000.999999), Date(timeIntervalSince1970: 951_782_400), // 2000-02-29
                           Date(timeIntervalSince1970: -2_208_988_800.5), Date(timeIntervalSince1970: 253_402_300_799.999)]
        for _ in 0..<count {
            let seconds = Double(Int64.random(in: -2_000_000_000...4_000_000_000, using: &generator))
            let fraction = [0, 0.5, 0.001, 0.0005, 0.9995, Double.random(in: 0..<1, using: &generator)].randomElement(using: &generator)!
            out.append(Date(timeIntervalSince1970: seconds + fraction))
        }
        out.append(Date())
        return out
    }

    @Test("the stored text of 20,000 dates equals GRDB's")
    func textAgrees() {
        var differ: [String] = []
        for date in Self.dates(20_000) {
            let grdb = String.fromDatabaseValue(date.databaseValue) ?? ""
            let ours = StorageDate.text(date)
            if grdb != ours { differ.append("\(date.timeIntervalSince1970): GRDB \(grdb), ours \(ours)") }
        }
        #expect(differ.isEmpty, "\(differ.prefix(10))")
    }

    @Test("the instant read back from 20,000 stored texts is GRDB's within a microsecond and gives the same text again")
    func instantAgrees() {
        var differ: [String] = []
        for date in Self.dates(20_000) {
            let text = StorageDate.text(date)
            guard let grdb = Date.fromDatabaseValue(text.databaseValue), let ours = StorageDate.date(text.databaseValue) else {
                differ.append("\(text): not read back")
                continue
            }
            if abs(grdb.timeIntervalSinceReferenceDate - ours.timeIntervalSinceReferenceDate) > 1e-6 || StorageDate.text(ours) != text {
                differ.append("\(text): GRDB \(grdb.timeIntervalSinceReferenceDate), ours \(ours.timeIntervalSinceReferenceDate)")
            }
        }
        #expect(differ.isEmpty, "\(differ.prefix(10))")
    }

    @Test("text in another shape is left to GRDB; an impossible day is not moved")
    func otherShapes() {
        #expect(StorageDate.parse("2026-02-30 10:00:00.000") == nil)
        #expect(StorageDate.parse("2026-11-29T10:00:00Z") == nil)
        #expect(StorageDate.date("2026-11-29 10:00:00".databaseValue) == Date.fromDatabaseValue("2026-11-29 10:00:00".databaseValue))
        #expect(StorageDate.date(DatabaseValue.null) == nil)
    }
}
