import Foundation

/// A minimal strict DER reader for the few structures parsed by hand (UTF8String extension values,
/// the SCT-list OCTET STRING, the TBSCertificate inside a certificate). Definite lengths only,
/// minimal length encoding required, single-byte tags only.
///
/// Reads without copying: `bytes` may be a slice, and the content and encoding of each element are
/// slices of it (indices are those of `bytes`, not zero-based).
struct DERReader {
    private let bytes: Data
    /// The index of the next element in `bytes`.
    private(set) var offset: Int

    init(_ bytes: Data) {
        self.bytes = bytes
        self.offset = bytes.startIndex
    }

    var isAtEnd: Bool { offset == bytes.endIndex }

    /// Reads one element: its tag, its content bytes, and its full encoding (header + content), as
    /// slices of the reader's bytes.
    mutating func read() -> (tag: UInt8, content: Data, encoded: Data)? {
        let start = offset
        guard bytes.endIndex - offset >= 2 else { return nil }
        let tag = bytes[offset]
        guard tag & 0x1F != 0x1F else { return nil }
        var length = Int(bytes[offset + 1])
        offset += 2
        if length & 0x80 != 0 {
            let count = length & 0x7F
            guard (1...4).contains(count), count <= bytes.endIndex - offset, bytes[offset] != 0 else { return nil }
            length = 0
            for _ in 0..<count {
                length = length << 8 | Int(bytes[offset])
                offset += 1
            }
            guard length >= 0x80 else { return nil }
        }
        guard length <= bytes.endIndex - offset else { return nil }
        let content = bytes[offset..<(offset + length)]
        offset += length
        return (tag, content, bytes[start..<offset])
    }

    /// Decodes a complete DER element of `tag` with nothing after it, returning its content (zero-based).
    static func content(of data: Data, tag: UInt8) -> Data? {
        var reader = DERReader(data)
        guard let element = reader.read(), element.tag == tag, reader.isAtEnd else { return nil }
        return Data(element.content)
    }

    /// Decodes a DER UTF8String (tag 0x0C) with no trailing bytes into valid UTF-8 text.
    static func utf8String(_ data: Data) -> String? {
        content(of: data, tag: 0x0C).flatMap { String(validating: $0, as: UTF8.self) }
    }

    /// Encodes a definite length.
    static func length(_ count: Int) -> Data {
        if count < 0x80 { return Data([UInt8(count)]) }
        var value = count
        var octets: [UInt8] = []
        while value > 0 {
            octets.insert(UInt8(value & 0xFF), at: 0)
            value >>= 8
        }
        return Data([0x80 | UInt8(octets.count)] + octets)
    }

    /// Encodes one element.
    static func encode(tag: UInt8, _ content: Data) -> Data {
        Data([tag]) + length(content.count) + content
    }
}
