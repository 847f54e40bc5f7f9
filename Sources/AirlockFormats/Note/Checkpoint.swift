public import Foundation

/// A transparency-log checkpoint (C2SP `tlog-checkpoint.md`): the body of a signed note.
///
/// ```
/// <origin>\n<tree size, decimal>\n<root hash, base64>\n[<extension line>\n]*
/// ```
public struct Checkpoint: Sendable, Hashable {
    /// Line 1: the log origin (Rekor v1: `"<host> - <treeID>"`; Rekor v2: the host).
    public var origin: String
    /// Line 2: the tree size.
    public var size: UInt64
    /// Line 3: the 32-byte root hash.
    public var rootHash: Data
    /// Further non-empty lines (e.g. Rekor v1's `Timestamp: …`).
    public var extensions: [String]

    /// Makes a checkpoint.
    public init(origin: String, size: UInt64, rootHash: Data, extensions: [String]) {
        self.origin = origin
        self.size = size
        self.rootHash = rootHash
        self.extensions = extensions
    }

    /// Parses a note text (`SignedNote.text`, ending in `\n`).
    public static func parse(noteText: String) throws -> Checkpoint {
        guard noteText.hasSuffix("\n") else {
            throw FormatError(.malformedText, "checkpoint text does not end with a newline", field: "checkpoint")
        }
        let lines = noteText.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        guard lines.count >= 3 else {
            throw FormatError(.malformedText, "checkpoint has \(lines.count) lines; origin, size and root hash are required",
                              field: "checkpoint")
        }
        let origin = String(lines[0])
        guard !origin.isEmpty else { throw FormatError(.malformedText, "checkpoint origin is empty", field: "checkpoint.origin") }
        let sizeText = lines[1]
        guard !sizeText.isEmpty, sizeText.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
              sizeText == "0" || !sizeText.hasPrefix("0"), let size = UInt64(sizeText) else {
            throw FormatError(.malformedText, "checkpoint tree size \"\(sizeText.prefix(30))\" is not a decimal without leading zeros",
                              field: "checkpoint.size")
        }
        guard let root = Base64.decode(String(lines[2])), root.count == 32 else {
            throw FormatError(.malformedText, "checkpoint root hash is not base64 of 32 bytes", field: "checkpoint.rootHash")
        }
        let extensions = lines.dropFirst(3).map(String.init)
        if extensions.contains(where: \.isEmpty) {
            throw FormatError(.malformedText, "checkpoint has an empty extension line", field: "checkpoint.extensions")
        }
        return Checkpoint(origin: origin, size: size, rootHash: root, extensions: extensions)
    }

    /// Whether the origin has Rekor v1's `"<host> - <decimal tree id>"` shape (sigstore-go `hasRekorV1STH`).
    public var isRekorV1Style: Bool {
        guard let dash = origin.range(of: " - ", options: .backwards) else { return false }
        let tail = origin[dash.upperBound...]
        return !tail.isEmpty && tail.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    /// The message a witness cosignature signs (tlog-cosignature.md):
    /// `"cosignature/v1\ntime <timestamp>\n" + noteText`.
    public static func cosignatureMessage(timestamp: UInt64, noteText: String) -> Data {
        Data("cosignature/v1\ntime \(timestamp)\n\(noteText)".utf8)
    }
}
