import COpenSSL
import Foundation

/// Decodes the common key encodings straight into libcrypto keys, without OpenSSL 3.0's decoder
/// framework (`OSSL_DECODER`), which builds a decoder context per call: ~85 µs per SubjectPublicKeyInfo
/// and ~340 µs per PEM private key on this machine kind, against ~17 µs through `EVP_PKEY_fromdata`
/// (docs/decisions.md D32).
///
/// Only exact DER shapes are taken: a SubjectPublicKeyInfo of an EC key on a named curve (P-256, P-384,
/// P-521) with an uncompressed point, or of an Ed25519 key; a PKCS#8 `PrivateKeyInfo` (version 0, no
/// attributes) holding such an EC key with its public key, or an Ed25519 key. Anything else returns nil and
/// the caller decodes with OpenSSL's decoders, so the set of accepted keys, the keys they give and every error
/// stay OpenSSL's: a point off the curve, an invalid length or a trailing byte also returns nil here.
enum KeyImport {
    /// An EC curve this fast path knows: its OID content bytes, libcrypto group name and field size.
    struct Curve {
        var oid: [UInt8]
        var group: String
        var fieldBytes: Int
    }

    static let ecPublicKeyOID: [UInt8] = [0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x02, 0x01]
    static let ed25519OID: [UInt8] = [0x2B, 0x65, 0x70]
    static let curves = [
        Curve(oid: [0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07], group: "prime256v1", fieldBytes: 32),
        Curve(oid: [0x2B, 0x81, 0x04, 0x00, 0x22], group: "secp384r1", fieldBytes: 48),
        Curve(oid: [0x2B, 0x81, 0x04, 0x00, 0x23], group: "secp521r1", fieldBytes: 66),
    ]

    /// The key of a DER SubjectPublicKeyInfo in one of the shapes above, or nil.
    static func publicKey(spki der: Data) -> EVPKey? {
        var outer = DERReader(der)
        guard let info = outer.read(), info.tag == 0x30, outer.isAtEnd else { return nil }
        var fields = DERReader(info.content)
        guard let algorithm = fields.read(), algorithm.tag == 0x30,
              let bits = fields.read(), bits.tag == 0x03, fields.isAtEnd,
              bits.content.first == 0x00 else { return nil }
        let key = bits.content.dropFirst()
        switch identifier(algorithm.content) {
        case .ed25519?:
            return ed25519(key, isPrivate: false)
        case .ec(let curve)?:
            return ecKey(curve: curve, point: key, scalar: nil)
        case nil:
            return nil
        }
    }

    /// The key of a DER PKCS#8 PrivateKeyInfo (RFC 5208, RFC 5915, RFC 8410) in one of the shapes above,
    /// with the DER SubjectPublicKeyInfo of its public half (as `i2d_PUBKEY` writes it), or nil.
    static func privateKey(pkcs8 der: Data) -> (key: EVPKey, spki: Data)? {
        var outer = DERReader(der)
        guard let info = outer.read(), info.tag == 0x30, outer.isAtEnd else { return nil }
        var fields = DERReader(info.content)
        guard let version = fields.read(), version.tag == 0x02, version.content.elementsEqual([0x00]),
              let algorithm = fields.read(), algorithm.tag == 0x30,
              let octets = fields.read(), octets.tag == 0x04, fields.isAtEnd else { return nil }
        switch identifier(algorithm.content) {
        case .ed25519?:
            // CurvePrivateKey ::= OCTET STRING (RFC 8410 §7).
            guard let seed = DERReader.content(of: Data(octets.content), tag: 0x04), let key = ed25519(seed, isPrivate: true),
                  let raw = key.rawPublicKey(), raw.count == 32 else { return nil }
            return (key, ed25519SPKIPrefix + raw)
        case .ec(let curve)?:
            // ECPrivateKey ::= SEQUENCE { version 1, privateKey OCTET STRING, [0] parameters OPTIONAL,
            // [1] publicKey BIT STRING OPTIONAL } (RFC 5915 §3); the public key is required here.
            guard let body = DERReader.content(of: Data(octets.content), tag: 0x30) else { return nil }
            var ec = DERReader(body)
            guard let ecVersion = ec.read(), ecVersion.tag == 0x02, ecVersion.content.elementsEqual([0x01]),
                  let scalar = ec.read(), scalar.tag == 0x04, scalar.content.count == curve.fieldBytes,
                  var next = ec.read() else { return nil }
            if next.tag == 0xA0 {
                guard next.content.elementsEqual([0x06, UInt8(curve.oid.count)] + curve.oid), let after = ec.read() else { return nil }
                next = after
            }
            guard next.tag == 0xA1, ec.isAtEnd,
                  let bits = DERReader.content(of: Data(next.content), tag: 0x03), bits.first == 0x00 else { return nil }
            let point = bits.dropFirst()
            return ecKey(curve: curve, point: point, scalar: scalar.content).map { ($0, ecSPKI(curve: curve, point: Data(point))) }
        case nil:
            return nil
        }
    }

    /// The DER SubjectPublicKeyInfo of an EC public point on `curve` (the encoding `i2d_PUBKEY` writes).
    static func ecSPKI(curve: Curve, point: Data) -> Data {
        let algorithm = DERReader.encode(tag: 0x30, DERReader.encode(tag: 0x06, Data(ecPublicKeyOID)) + DERReader.encode(tag: 0x06, Data(curve.oid)))
        return DERReader.encode(tag: 0x30, algorithm + DERReader.encode(tag: 0x03, Data([0x00]) + point))
    }

    /// The DER SubjectPublicKeyInfo of an Ed25519 key up to its 32 key bytes (RFC 8410 §4).
    static let ed25519SPKIPrefix = Data([0x30, 0x2A, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x03, 0x21, 0x00])

    /// The DER of `pem` when it is exactly one PEM block labelled `label` in the form every common tool
    /// writes (RFC 7468 §2: no headers, canonical base64 in lines of 64 characters but the last, LF or CRLF
    /// line ends, whitespace only around the block, each marker at the start of its line), else nil (the
    /// caller then reads it with OpenSSL's PEM reader). Nothing OpenSSL's reader refuses is taken: it reads
    /// no marker after spaces, a tab or a CR on its line, nor base64 padding past the last group of four.
    static func pemBody(_ pem: Data, label: String) -> Data? {
        let begin = Array("-----BEGIN \(label)-----".utf8), end = Array("-----END \(label)-----".utf8)
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        guard let first = pem.firstIndex(where: { !isSpace($0) }), let last = pem.lastIndex(where: { !isSpace($0) }),
              first == pem.startIndex || pem[first - 1] == 0x0A else { return nil }
        let text = pem[first...last]
        guard text.starts(with: begin), text.reversed().starts(with: end.reversed()), text.count > begin.count + end.count else { return nil }
        let rawLines = text.dropFirst(begin.count).dropLast(end.count).split(separator: 0x0A, omittingEmptySubsequences: false)
        // The BEGIN line's end, the base64 lines, and the empty rest of the line before END (not even a CR).
        guard rawLines.count >= 3, rawLines.last!.isEmpty else { return nil }
        let lines = rawLines.map { $0.last == 0x0D ? $0.dropLast() : $0 }
        guard lines.first!.isEmpty else { return nil }
        let body = lines.dropFirst().dropLast()
        guard body.dropLast().allSatisfy({ $0.count == 64 }), (1...64).contains(body.last!.count) else { return nil }
        // Foundation's decoder also takes extra '=' after the padding; the canonical encoding only is read here.
        let base64 = Data(body.joined())
        guard let der = Data(base64Encoded: base64), der.base64EncodedData() == base64 else { return nil }
        return der
    }

    enum Identified {
        case ec(Curve)
        case ed25519
    }

    /// Reads an AlgorithmIdentifier's content: id-ecPublicKey with a named curve, or id-Ed25519 with absent
    /// parameters; anything else is nil.
    private static func identifier(_ content: Data) -> Identified? {
        var reader = DERReader(content)
        guard let oid = reader.read(), oid.tag == 0x06 else { return nil }
        if oid.content.elementsEqual(ed25519OID) { return reader.isAtEnd ? .ed25519 : nil }
        guard oid.content.elementsEqual(ecPublicKeyOID), let named = reader.read(), named.tag == 0x06, reader.isAtEnd,
              let curve = curves.first(where: { named.content.elementsEqual($0.oid) }) else { return nil }
        return .ec(curve)
    }

    private static func ed25519(_ key: Data, isPrivate: Bool) -> EVPKey? {
        guard key.count == 32 else { return nil }
        let made = key.withUnsafeBytes { raw -> OpaquePointer? in
            let bytes = raw.baseAddress?.assumingMemoryBound(to: UInt8.self)
            return isPrivate ? EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nil, bytes, 32)
                : EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nil, bytes, 32)
        }
        OpenSSLErrorQueue.clear()
        return made.map(EVPKey.init(takingOwnership:))
    }

    /// An EC key from its uncompressed point and, for a private key, its scalar (big-endian); nil when
    /// libcrypto refuses them (e.g. a point off the curve).
    private static func ecKey(curve: Curve, point: Data, scalar: Data?) -> EVPKey? {
        guard point.count == 1 + 2 * curve.fieldBytes, point.first == 0x04 else { return nil }
        defer { OpenSSLErrorQueue.clear() }
        guard let context = EVP_PKEY_CTX_new_from_name(nil, "EC", nil) else { return nil }
        defer { EVP_PKEY_CTX_free(context) }
        guard EVP_PKEY_fromdata_init(context) == 1, let builder = OSSL_PARAM_BLD_new() else { return nil }
        defer { OSSL_PARAM_BLD_free(builder) }
        var secret: OpaquePointer?
        defer { BN_clear_free(secret) }
        if let scalar {
            secret = scalar.withUnsafeBytes { BN_bin2bn($0.baseAddress?.assumingMemoryBound(to: UInt8.self), Int32($0.count), nil) }
            guard let secret, OSSL_PARAM_BLD_push_BN(builder, airlock_PARAM_PRIV_KEY(), secret) == 1 else { return nil }
        }
        // The builder keeps pointers to keys, the name and the point until `OSSL_PARAM_BLD_to_param` copies
        // them: the keys are static C strings, the name and the point stay pinned across that call.
        let pointBytes = [UInt8](point)
        let parameters = curve.group.withCString { group in
            pointBytes.withUnsafeBufferPointer { octets -> UnsafeMutablePointer<OSSL_PARAM>? in
                guard OSSL_PARAM_BLD_push_utf8_string(builder, airlock_PARAM_GROUP_NAME(), group, 0) == 1,
                      OSSL_PARAM_BLD_push_octet_string(builder, airlock_PARAM_PUB_KEY(), octets.baseAddress, octets.count) == 1
                else { return nil }
                return OSSL_PARAM_BLD_to_param(builder)
            }
        }
        guard let parameters else { return nil }
        defer { OSSL_PARAM_free(parameters) }
        var key: OpaquePointer?
        let selection = scalar == nil ? airlock_EVP_PKEY_PUBLIC_KEY() : airlock_EVP_PKEY_KEYPAIR()
        guard EVP_PKEY_fromdata(context, &key, selection, parameters) == 1, let key else { return nil }
        return EVPKey(takingOwnership: key)
    }
}
