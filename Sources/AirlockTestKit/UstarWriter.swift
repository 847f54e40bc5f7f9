public import Foundation

/// A minimal POSIX ustar archive writer for reproducible test and demo tarballs: regular files only,
/// owner 0:0, mode 0644, mtime 0, entries in the order added. Write paths in normalised form.
public struct UstarWriter: Sendable {
    /// Why a path cannot be written as a ustar name.
    public struct PathError: Error, Sendable, CustomStringConvertible {
        /// The path that does not fit.
        public let path: String
        /// Human reason.
        public let reason: String

        /// One line naming the path.
        public var description: String { "\(path): \(reason)" }
    }

    private var archive = Data()

    /// An empty archive.
    public init() {}

    /// Appends one regular file. Paths over 100 bytes are split into ustar `prefix` and `name`.
    public mutating func addFile(_ path: String, contents: Data) throws(PathError) {
        let (prefix, name) = try Self.split(Array(path.utf8), path: path)
        var header = [UInt8](repeating: 0, count: 512)
        func put(_ bytes: [UInt8], at offset: Int) { for (i, byte) in bytes.enumerated() { header[offset + i] = byte } }
        func octal(_ value: Int, width: Int) -> [UInt8] {
            let digits = String(value, radix: 8)
            return Array((String(repeating: "0", count: width - 1 - digits.count) + digits).utf8) + [0]
        }
        put(name, at: 0)
        put(octal(0o644, width: 8), at: 100)
        put(octal(0, width: 8), at: 108)
        put(octal(0, width: 8), at: 116)
        put(octal(contents.count, width: 12), at: 124)
        put(octal(0, width: 12), at: 136)
        put(Array("        ".utf8), at: 148)
        header[156] = UInt8(ascii: "0")
        put(Array("ustar".utf8) + [0], at: 257)
        put(Array("00".utf8), at: 263)
        put(Array("root".utf8), at: 265)
        put(Array("root".utf8), at: 297)
        put(prefix, at: 345)
        let checksum = header.reduce(0) { $0 + Int($1) }
        put(octal(checksum, width: 7) + [UInt8(ascii: " ")], at: 148)
        archive.append(contentsOf: header)
        archive.append(contents)
        let padding = (512 - contents.count % 512) % 512
        archive.append(Data(count: padding))
    }

    /// The archive: every entry followed by the two zero blocks that end it.
    public func finish() -> Data {
        archive + Data(count: 1024)
    }

    /// Splits a path into ustar (prefix ≤ 155, name ≤ 100) at a `/`.
    private static func split(_ bytes: [UInt8], path: String) throws(PathError) -> (prefix: [UInt8], name: [UInt8]) {
        guard !bytes.isEmpty, !bytes.contains(0) else { throw PathError(path: path, reason: "empty or contains NUL") }
        if bytes.count <= 100 { return ([], bytes) }
        for cut in bytes.indices.reversed() where bytes[cut] == UInt8(ascii: "/") {
            let prefix = Array(bytes[..<cut])
            let name = Array(bytes[(cut + 1)...])
            if prefix.count <= 155, !name.isEmpty, name.count <= 100 { return (prefix, name) }
        }
        throw PathError(path: path, reason: "too long for a ustar header (prefix 155 + name 100 bytes)")
    }
}
