import COpenSSL
import Foundation

/// Small helpers for the recurring shapes of libcrypto calls: memory BIOs, `i2d_*` output,
/// `d2i_*` input that must be consumed whole, OIDs and ASN.1 strings and times.
enum OpenSSL {
    /// Runs `body` with a read-only memory BIO over `data`; the BIO is freed afterwards.
    static func withReadBIO<T>(_ data: Data, _ body: (OpaquePointer) throws -> T) throws -> T {
        try data.withUnsafeBytes { buffer in
            guard let bio = BIO_new_mem_buf(buffer.baseAddress ?? UnsafeRawPointer(emptyByte), Int32(buffer.count)) else {
                throw OpenSSLErrorQueue.error(.internalError, "BIO_new_mem_buf failed")
            }
            defer { BIO_free(bio) }
            return try body(bio)
        }
    }

    /// Runs `body` with an empty writable memory BIO and returns what was written to it.
    static func collectBIO(_ body: (OpaquePointer) throws -> Bool) throws -> Data {
        guard let bio = BIO_new(BIO_s_mem()) else {
            throw OpenSSLErrorQueue.error(.internalError, "BIO_new failed")
        }
        defer { BIO_free(bio) }
        guard try body(bio) else { throw OpenSSLErrorQueue.error(.internalError, "writing to a memory BIO failed") }
        var pointer: UnsafeMutablePointer<CChar>?
        let length = airlock_BIO_get_mem_data(bio, &pointer)
        guard length > 0, let pointer else { return Data() }
        return Data(bytes: pointer, count: length)
    }

    /// Collects the output of an `i2d_*` call made with a NULL output buffer (libcrypto allocates).
    static func encode(_ what: String, _ body: (UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>) -> Int32) throws -> Data {
        var out: UnsafeMutablePointer<UInt8>?
        let length = body(&out)
        guard length > 0, let out else { throw OpenSSLErrorQueue.error(.internalError, "encoding \(what) failed") }
        defer { airlock_OPENSSL_free(out) }
        return Data(bytes: out, count: Int(length))
    }

    /// Decodes with a `d2i_*` function and requires every input byte to be consumed.
    static func decode(
        _ data: Data,
        _ body: (UnsafeMutablePointer<UnsafePointer<UInt8>?>, Int) -> OpaquePointer?
    ) -> (object: OpaquePointer?, consumedAll: Bool) {
        data.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress, buffer.count > 0 else { return (nil, false) }
            var cursor: UnsafePointer<UInt8>? = base.assumingMemoryBound(to: UInt8.self)
            let object = body(&cursor, buffer.count)
            let consumed = cursor.map { UnsafeRawPointer($0) - base } ?? 0
            return (object, consumed == buffer.count)
        }
    }

    /// The dotted form of an ASN.1 object identifier.
    static func oidString(_ object: OpaquePointer?) -> String {
        guard let object else { return "" }
        var buffer = [CChar](repeating: 0, count: 128)
        let length = OBJ_obj2txt(&buffer, Int32(buffer.count), object, 1)
        guard length > 0 else { return "" }
        if Int(length) >= buffer.count {
            buffer = [CChar](repeating: 0, count: Int(length) + 1)
            _ = OBJ_obj2txt(&buffer, Int32(buffer.count), object, 1)
        }
        return String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Parses a dotted OID (numeric form only), returning an owned `ASN1_OBJECT`.
    static func object(fromOID oid: String) throws -> OpaquePointer {
        guard let object = OBJ_txt2obj(oid, 1) else {
            throw OpenSSLErrorQueue.error(.invalidInput, "not a dotted object identifier: \(oid)")
        }
        return object
    }

    /// The content bytes of any ASN.1 string type.
    static func bytes(of string: UnsafePointer<ASN1_STRING>?) -> Data {
        guard let string, let data = ASN1_STRING_get0_data(string) else { return Data() }
        return Data(bytes: data, count: Int(ASN1_STRING_length(string)))
    }

    /// An ASN.1 UTCTime or GeneralizedTime as a `Date` (whole seconds).
    static func date(_ time: UnsafePointer<ASN1_TIME>?) -> Date? {
        guard let time else { return nil }
        var parts = tm()
        guard ASN1_TIME_to_tm(time, &parts) == 1 else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(timegm(&parts)))
    }

    /// An `ASN1_INTEGER` as upper-case hex without leading zeros ("00" for zero).
    static func hex(_ integer: UnsafePointer<ASN1_INTEGER>?) -> String {
        guard let integer, let bn = ASN1_INTEGER_to_BN(integer, nil) else { return "" }
        defer { BN_free(bn) }
        guard let hex = BN_bn2hex(bn) else { return "" }
        defer { airlock_OPENSSL_free(hex) }
        let text = String(cString: hex)
        return text == "0" ? "00" : text
    }

    /// A pointer to a readable byte, for APIs that reject NULL even when the length is zero.
    // Never written after initialisation, so sharing it across threads is safe.
    nonisolated(unsafe) static let emptyByte: UnsafeMutablePointer<UInt8> = {
        let pointer = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
        pointer.initialize(to: 0)
        return pointer
    }()
}

/// RFC 3339 rendering for error messages.
extension Date {
    var iso8601: String { ISO8601DateFormatter().string(from: self) }
}
