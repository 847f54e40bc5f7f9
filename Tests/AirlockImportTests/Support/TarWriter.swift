import Foundation

/// TEST ONLY: writes ustar/pax archives byte by byte, so the hostile-archive suite can produce entries
/// no well-behaved tool would (`..` names, links, device nodes, invalid UTF-8, lying sizes, truncation).
struct TarWriter {
    /// A tar type flag.
    enum Kind: UInt8 {
        case regular = 0x30, hardLink = 0x31, symlink = 0x32, characterDevice = 0x33, blockDevice = 0x34, directory = 0x35, fifo = 0x36
    }

    private(set) var bytes = Data()

    /// Appends an entry; `name` is raw bytes. Names over 100 bytes get a pax `path` record.
    mutating func add(name: [UInt8], kind: Kind = .regular, content: Data = Data(), linkName: String = "") {
        if name.count > 100 {
            var record = Array(" path=".utf8) + name + [0x0A]
            var length = record.count
            while String(length).utf8.count + record.count != length { length = String(length).utf8.count + record.count }
            record = Array(String(length).utf8) + record
            appendHeader(name: Array("PaxHeader".utf8), kind: 0x78, size: record.count, linkName: "")
            appendPadded(Data(record))
        }
        appendHeader(name: Array(name.prefix(100)), kind: kind.rawValue, size: kind == .regular ? content.count : 0, linkName: linkName)
        if kind == .regular { appendPadded(content) }
    }

    /// Appends a regular file with a UTF-8 name.
    mutating func add(_ name: String, _ content: String) {
        add(name: Array(name.utf8), content: Data(content.utf8))
    }

    /// Appends a regular file with a UTF-8 name.
    mutating func add(_ name: String, data: Data) {
        add(name: Array(name.utf8), content: data)
    }

    /// The archive with its two zero end blocks.
    var archive: Data { bytes + Data(count: 1024) }

    private mutating func appendHeader(name: [UInt8], kind: UInt8, size: Int, linkName: String) {
        var header = [UInt8](repeating: 0, count: 512)
        func put(_ value: [UInt8], at offset: Int) { for (i, byte) in value.enumerated() { header[offset + i] = byte } }
        func octal(_ value: Int, width: Int) -> [UInt8] {
            Array(String(String(value, radix: 8).suffix(width - 1)).leftPadded(to: width - 1).utf8) + [0]
        }
        put(name, at: 0)
        put(octal(0o644, width: 8), at: 100)
        put(octal(0, width: 8), at: 108)
        put(octal(0, width: 8), at: 116)
        put(octal(size, width: 12), at: 124)
        put(octal(1_700_000_000, width: 12), at: 136)
        put(Array(repeating: 0x20, count: 8), at: 148)
        header[156] = kind
        put(Array(linkName.utf8.prefix(100)), at: 157)
        put(Array("ustar\u{0}00".utf8), at: 257)
        let checksum = header.reduce(0) { $0 + Int($1) }
        put(Array(String(String(checksum, radix: 8)).leftPadded(to: 6).utf8) + [0, 0x20], at: 148)
        bytes.append(contentsOf: header)
    }

    private mutating func appendPadded(_ content: Data) {
        bytes.append(content)
        let remainder = content.count % 512
        if remainder != 0 { bytes.append(Data(count: 512 - remainder)) }
    }
}

private extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
