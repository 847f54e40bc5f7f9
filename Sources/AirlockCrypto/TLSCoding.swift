import Foundation

/// Big-endian TLS presentation-language reader (RFC 8446 §3) for SCT lists.
struct TLSReader {
    private let bytes: Data
    private var offset = 0

    init(_ bytes: Data) { self.bytes = Data(bytes) }

    var isAtEnd: Bool { offset == bytes.count }

    mutating func bytes(_ count: Int) -> Data? {
        guard count >= 0, count <= bytes.count - offset else { return nil }
        defer { offset += count }
        return bytes[offset..<(offset + count)]
    }

    mutating func integer(_ width: Int) -> UInt64? {
        bytes(width).map { $0.reduce(0) { $0 << 8 | UInt64($1) } }
    }

    mutating func u8() -> UInt8? { integer(1).map { UInt8($0) } }
    mutating func u64() -> UInt64? { integer(8) }
    mutating func u16Prefixed() -> Data? { integer(2).flatMap { bytes(Int($0)) }.map { Data($0) } }
}

/// Big-endian TLS presentation-language writer.
struct TLSWriter {
    private(set) var data = Data()

    mutating func integer(_ value: UInt64, width: Int) {
        for shift in stride(from: (width - 1) * 8, through: 0, by: -8) {
            data.append(UInt8(truncatingIfNeeded: value >> UInt64(shift)))
        }
    }

    mutating func u8(_ value: UInt8) { data.append(value) }
    mutating func u16(_ value: UInt16) { integer(UInt64(value), width: 2) }
    mutating func u64(_ value: UInt64) { integer(value, width: 8) }
    mutating func bytes(_ value: Data) { data.append(value) }

    mutating func u16Prefixed(_ value: Data) {
        precondition(value.count <= 0xFFFF, "TLS opaque<0..2^16-1> overflow")
        integer(UInt64(value.count), width: 2)
        data.append(value)
    }

    mutating func u24Prefixed(_ value: Data) {
        precondition(value.count <= 0xFF_FFFF, "TLS opaque<0..2^24-1> overflow")
        integer(UInt64(value.count), width: 3)
        data.append(value)
    }
}
