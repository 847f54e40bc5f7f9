public import Foundation

/// JSON Lines (one JSON document per line, as `gh attestation download` writes Sigstore bundles):
/// splits the bytes into its non-blank lines without parsing them, so each line can be parsed,
/// stored and verified on its own.
public enum JSONLines {
    /// One non-blank line and its 1-based line number in the file.
    public struct Line: Sendable, Equatable {
        /// 1-based line number.
        public var number: Int
        /// The line's bytes, without the line terminator (`\n` or `\r\n`).
        public var bytes: Data

        /// Makes a line (a whole single-document file is line 1).
        public init(number: Int, bytes: Data) {
            self.number = number
            self.bytes = bytes
        }
    }

    /// The non-blank lines of `data`; fails when there are more than `Limits.maxBundlesPerJSONLines`.
    public static func split(_ data: Data, limits: Limits) throws(FormatError) -> [Line] {
        var lines: [Line] = []
        var number = 0
        for raw in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            number += 1
            var line = Data(raw)
            if line.last == UInt8(ascii: "\r") { line.removeLast() }
            guard line.contains(where: { ![0x20, 0x09].contains($0) }) else { continue }
            lines.append(Line(number: number, bytes: line))
            guard lines.count <= limits.maxBundlesPerJSONLines else {
                throw FormatError(.limitExceeded, "more than \(limits.maxBundlesPerJSONLines) JSON lines")
            }
        }
        return lines
    }

    /// Whether `data` holds more than one non-blank line (a single document, even pretty-printed over
    /// several lines, is not JSON Lines).
    public static func looksLikeLines(_ data: Data) -> Bool {
        let trimmed = data.split(separator: UInt8(ascii: "\n")).filter { $0.contains { ![0x20, 0x09, 0x0D].contains($0) } }
        guard trimmed.count > 1 else { return false }
        return trimmed.allSatisfy { $0.first == UInt8(ascii: "{") && ($0.last == UInt8(ascii: "}") || $0.last == 0x0D) }
    }
}
