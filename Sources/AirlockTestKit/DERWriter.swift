import Foundation

/// The few DER encodings the test kit writes itself.
enum DERWriter {
    /// A definite-length header plus content.
    static func element(tag: UInt8, _ content: Data) -> Data {
        var out = Data([tag])
        let n = content.count
        if n < 0x80 {
            out.append(UInt8(n))
        } else {
            var bytes: [UInt8] = []
            var v = n
            while v > 0 { bytes.insert(UInt8(v & 0xFF), at: 0); v >>= 8 }
            out.append(0x80 | UInt8(bytes.count))
            out.append(contentsOf: bytes)
        }
        out.append(content)
        return out
    }

    /// A DER UTF8String (tag 0x0C).
    static func utf8String(_ s: String) -> Data { element(tag: 0x0C, Data(s.utf8)) }
}
