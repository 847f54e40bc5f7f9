internal import GRDB

/// An id, or the start of one, as typed by an operator: 1 to 64 lowercase hex digits, nothing else.
///
/// Look-ups never use `LIKE` (whose `%` and `_` are wildcards, so `airlock revoke %` would match any
/// approval): the prefix is validated to be hex, then matched as a range over the column's index.
struct IDPrefix: Sendable {
    /// The validated prefix.
    let text: String

    /// Validates `text`; throws `invalidID` naming it unless it is 1–64 lowercase hex digits.
    init(_ text: String) throws(StoreError) {
        let isHex = text.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
        guard isHex, (1...64).contains(text.utf8.count) else {
            throw StoreError(.invalidID, "not an id or id prefix (1 to 64 lowercase hex digits): \(String(text.prefix(80)).debugDescription)")
        }
        self.text = text
    }

    /// `column` starts with the prefix: `column >= prefix AND column < prefix || 'g'`. Every hex digit
    /// sorts before `g` (binary collation), so the range holds exactly the ids starting with the prefix.
    func matches(_ column: Column) -> SQLExpression {
        column >= text && column < text + "g"
    }

    /// Throws `ambiguousID` when `count` records match; `noun` names them in the reason.
    func requireUnambiguous(_ count: Int, _ noun: String) throws(StoreError) {
        guard count <= 1 else {
            throw StoreError(.ambiguousID, "id prefix \(text.debugDescription) matches \(count) \(noun); give more digits")
        }
    }
}
