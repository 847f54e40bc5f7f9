public import Foundation

/// RFC 7468 textual encoding: `-----BEGIN LABEL-----`, base64 lines, `-----END LABEL-----`.
/// Decoding only unwraps the bytes; what they mean (certificate, key) is for AirlockCrypto.
public enum PEM {
    /// One PEM block.
    public struct Block: Sendable, Equatable {
        /// The label, e.g. `CERTIFICATE` or `PUBLIC KEY`.
        public var label: String
        /// The decoded DER bytes.
        public var der: Data
    }

    /// Every well-formed block in `text`, in order. Text outside blocks is ignored; a block whose
    /// base64 does not decode or whose END label differs is skipped.
    public static func decode(_ text: String) -> [Block] {
        var blocks: [Block] = []
        var label: String?
        var body = ""
        // `isNewline`: "\r\n" is one Character, which equals neither "\n" nor "\r" (CRLF files used to yield no block).
        for rawLine in text.split(omittingEmptySubsequences: true, whereSeparator: \.isNewline) {
            let line = trimmed(rawLine)
            if let begin = marker(line, "BEGIN") {
                label = begin
                body = ""
            } else if let end = marker(line, "END") {
                if end == label, let der = Data(base64Encoded: body), !der.isEmpty {
                    blocks.append(Block(label: end, der: der))
                }
                label = nil
            } else if label != nil {
                body += line
            }
        }
        return blocks
    }

    /// `line` without leading and trailing white space other than newlines. ASCII lines (every real PEM
    /// line) are trimmed of spaces and tabs on their UTF-8 bytes; others by `Character.isWhitespace`.
    /// Foundation's `trimmingCharacters(in:)` bridges through NSString, a measurable share of verifying
    /// a bundle; trimming by `Character` is slower still.
    static func trimmed(_ line: Substring) -> String {
        let utf8 = line.utf8
        guard utf8.allSatisfy({ $0 < 0x80 }) else {
            let blank: (Character) -> Bool = { $0.isWhitespace && !$0.isNewline }
            return String(line.drop(while: blank).reversed().drop(while: blank).reversed())
        }
        let blank: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0B || $0 == 0x0C }
        guard let first = utf8.firstIndex(where: { !blank($0) }), let last = utf8.lastIndex(where: { !blank($0) }) else { return "" }
        return String(line[first...last])
    }

    private static func marker(_ line: String, _ kind: String) -> String? {
        let prefix = "-----\(kind) "
        guard line.hasPrefix(prefix), line.hasSuffix("-----"), line.count > prefix.count + 5 else { return nil }
        return String(line.dropFirst(prefix.count).dropLast(5))
    }
}
