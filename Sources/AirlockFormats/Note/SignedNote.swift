public import Foundation

/// A C2SP signed note (`signed-note.md`): text followed by a blank line and signature lines
/// `"— <name> <base64(keyHint4 || signature)>"`. Used for Rekor v1 and v2 checkpoints (docs/formats.md §3.3, §4.4).
///
/// Parsing checks the grammar only; which lines are verified, and with which key, is the verifier's job.
public struct SignedNote: Sendable, Hashable {
    /// The signed text: everything up to and including the newline before the final blank line.
    public var text: String
    /// The signature lines, in order.
    public var signatures: [NoteSignature]

    /// Makes a note.
    public init(text: String, signatures: [NoteSignature]) {
        self.text = text
        self.signatures = signatures
    }

    /// Parses a note envelope, enforcing: no control characters but `\n`, a final `\n`, a blank line
    /// before the signatures, at least one and at most `limits.maxNoteSignatures` well-formed lines.
    public static func parse(_ envelope: String, limits: Limits = .default) throws -> SignedNote {
        for scalar in envelope.unicodeScalars where scalar != "\n" {
            if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                throw FormatError(.malformedText, String(format: "note contains control character U+%04X", scalar.value),
                                  field: "note")
            }
        }
        guard envelope.hasSuffix("\n") else {
            throw FormatError(.malformedText, "note does not end with a newline", field: "note")
        }
        // The last "\n\n", found on the UTF-8 view (Foundation's backwards search bridges through NSString).
        let utf8 = envelope.utf8
        guard let second = utf8.indices.dropFirst().last(where: { utf8[$0] == 0x0A && utf8[utf8.index(before: $0)] == 0x0A }) else {
            throw FormatError(.malformedText, "note has no blank line separating the text from the signatures", field: "note")
        }
        let text = String(envelope[..<second])
        let block = envelope[envelope.index(after: second)...]
        let lines = block.split(separator: "\n", omittingEmptySubsequences: false).dropLast()  // block ends with "\n"
        guard !lines.isEmpty else {
            throw FormatError(.malformedText, "note has no signature lines", field: "note.signatures")
        }
        guard lines.count <= limits.maxNoteSignatures else {
            throw FormatError(.limitExceeded, "note has \(lines.count) signatures; the limit is \(limits.maxNoteSignatures)",
                              field: "note.signatures")
        }
        let signatures = try lines.enumerated().map { try NoteSignature.parse(line: $0.element, index: $0.offset) }
        return SignedNote(text: text, signatures: signatures)
    }
}

/// One signature line of a signed note.
public struct NoteSignature: Sendable, Hashable {
    /// The key name (for logs: the origin host).
    public var name: String
    /// The 4-byte key hint (key id prefix).
    public var keyHint: Data
    /// The signature bytes after the hint (for cosignatures: 8-byte timestamp then the signature).
    public var signature: Data

    /// Makes a signature line.
    public init(name: String, keyHint: Data, signature: Data) {
        self.name = name
        self.keyHint = keyHint
        self.signature = signature
    }

    /// The key hint as a big-endian integer.
    public var keyHintValue: UInt32 {
        keyHint.reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// For a 72-byte Ed25519 cosignature (tlog-cosignature.md): the timestamp and the 64-byte signature.
    public var cosignatureParts: (timestamp: UInt64, signature: Data)? {
        guard signature.count == 72 else { return nil }
        let ts = signature.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return (ts, Data(signature.dropFirst(8)))
    }

    /// Whether `name` is a valid key name: non-empty, no Unicode whitespace, no `+`.
    public static func isValidName(_ name: some StringProtocol) -> Bool {
        // ASCII White_Space is U+0009…U+000D and U+0020; the Unicode property tables only for other scalars.
        !name.isEmpty && !name.unicodeScalars.contains { $0.isASCII ? $0 == "+" || $0 == " " || (0x09...0x0D).contains($0.value) : $0.properties.isWhitespace }
    }

    static func parse(line: Substring, index: Int) throws -> NoteSignature {
        let field = "note.signatures[\(index)]"
        guard line.hasPrefix("\u{2014} ") else {
            throw FormatError(.malformedText, "signature line does not start with an em dash and a space", field: field)
        }
        let rest = line.dropFirst(2)
        guard let space = rest.lastIndex(of: " ") else {
            throw FormatError(.malformedText, "signature line has no space between the name and the signature", field: field)
        }
        let name = rest[..<space]
        guard isValidName(name) else {
            throw FormatError(.malformedText, "signature key name \"\(name.prefix(60))\" is empty or contains a space or '+'", field: field)
        }
        let encoded = rest[rest.index(after: space)...]
        guard encoded.utf8.count >= 7 else {  // 5 bytes (hint + at least one signature byte) need 7 characters
            throw FormatError(.malformedText, "signature \"\(encoded)\" is too short for a key hint and a signature", field: field)
        }
        guard let bytes = Base64.decode(String(encoded)) else {
            throw FormatError(.badBase64, "signature is not valid base64", field: field)
        }
        guard bytes.count >= 5 else {
            throw FormatError(.malformedText, "signature is \(bytes.count) bytes, too short for a key hint and a signature", field: field)
        }
        return NoteSignature(name: String(name), keyHint: Data(bytes.prefix(4)), signature: Data(bytes.dropFirst(4)))
    }
}
