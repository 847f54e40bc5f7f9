import COpenSSL
import Foundation

/// DER encodings of the standard extension values the builder emits (RFC 5280 §4.2.1).
extension CertificateBuilder {
    typealias EncodedExtension = (oid: String, critical: Bool, value: Data)

    func standardExtensions(authorityKeyID: Data) throws -> [EncodedExtension] {
        var result: [EncodedExtension] = []
        if !keyUsage.isEmpty {
            result.append(("2.5.29.15", true, Self.bitString(keyUsage.rawValue)))
        }
        var constraints = Data()
        if isCA { constraints += Data([0x01, 0x01, 0xFF]) }
        if let pathLength {
            guard (0...127).contains(pathLength) else { throw CryptoError(.invalidInput, "pathLength must be 0…127") }
            constraints += Data([0x02, 0x01, UInt8(pathLength)])
        }
        result.append(("2.5.29.19", true, DERReader.encode(tag: 0x30, constraints)))
        if !extendedKeyUsages.isEmpty {
            let oids = try extendedKeyUsages.map(Self.encodeOID).reduce(Data(), +)
            result.append(("2.5.29.37", ekuCritical, DERReader.encode(tag: 0x30, oids)))
        }
        result.append(("2.5.29.14", false, DERReader.encode(tag: 0x04, Self.keyIdentifier(publicKey))))
        result.append(("2.5.29.35", false, DERReader.encode(tag: 0x30, DERReader.encode(tag: 0x80, authorityKeyID))))
        if !subjectAlternativeNames.isEmpty {
            let names = try subjectAlternativeNames.map(Self.encodeGeneralName).reduce(Data(), +)
            result.append(("2.5.29.17", sanCritical, DERReader.encode(tag: 0x30, names)))
        }
        return result
    }

    /// A key identifier: the first 20 bytes of SHA-256 over the subjectPublicKey bits (RFC 7093 §2 method 1).
    static func keyIdentifier(_ key: PublicKey) -> Data {
        var spki = DERReader(key.spkiDER)
        var fields = DERReader(spki.read()?.content ?? Data())
        _ = fields.read()
        let bits = fields.read()?.content ?? key.spkiDER
        return Data(Digest.sha256(bits.dropFirst()).prefix(20))
    }

    /// The issuer's subjectKeyIdentifier, or one computed from its key when it has none.
    static func keyIdentifier(of issuer: Certificate) -> Data {
        if let value = issuer.extensionValue(oid: "2.5.29.14"), let id = DERReader.content(of: value, tag: 0x04) {
            return id
        }
        return keyIdentifier(issuer.publicKey)
    }

    /// A named-bit BIT STRING with trailing zero bits trimmed, as DER requires.
    static func bitString(_ bits: UInt8) -> Data {
        let unused = UInt8(bits.trailingZeroBitCount)
        return Data([0x03, 0x02, unused, bits])
    }

    static func encodeOID(_ oid: String) throws -> Data {
        let object = try OpenSSL.object(fromOID: oid)
        defer { ASN1_OBJECT_free(object) }
        return try OpenSSL.encode("OID \(oid)") { i2d_ASN1_OBJECT(object, $0) }
    }

    static func encodeGeneralName(_ name: SubjectAlternativeName) throws -> Data {
        switch name {
        case .uri(let text): return DERReader.encode(tag: 0x86, Data(text.utf8))
        case .email(let text): return DERReader.encode(tag: 0x81, Data(text.utf8))
        case .dns(let text): return DERReader.encode(tag: 0x82, Data(text.utf8))
        case .otherName(let oid, let value):
            let explicitValue = DERReader.encode(tag: 0xA0, DERReader.encode(tag: 0x0C, Data(value.utf8)))
            return DERReader.encode(tag: 0xA0, try encodeOID(oid) + explicitValue)
        case .other:
            throw CryptoError(.invalidInput, "a SubjectAlternativeName of kind .other cannot be issued")
        }
    }
}
