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
        for rawLine in text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            // Spaces and tabs (and other non-newline white space) trimmed without Foundation's CharacterSet,
            // which bridges through NSString (a measurable share of verifying a bundle).
            let blank: (Character) -> Bool = { $0.isWhitespace && !$0.isNewline }
            let line = String(rawLine.drop(while: blank).reversed().drop(while: blank).reversed())
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

    private static func marker(_ line: String, _ kind: String) -> String? {
        let prefix = "-----\(kind) "
        guard line.hasPrefix(prefix), line.hasSuffix("-----"), line.count > prefix.count + 5 else { return nil }
        return String(line.dropFirst(prefix.count).dropLast(5))
    }
}
