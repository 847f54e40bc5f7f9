public import Foundation
import COpenSSL

extension Certificate {
    /// Whether the basicConstraints extension marks this certificate as a CA.
    public var isCA: Bool {
        X509_get_extension_flags(backing.ref) & UInt32(EXFLAG_CA) != 0
    }

    /// Whether the certificate names itself as issuer and its signature verifies under its own key.
    public var isSelfSigned: Bool {
        OpenSSLErrorQueue.clear()
        defer { OpenSSLErrorQueue.clear() }
        return X509_self_signed(backing.ref, 1) == 1
    }

    /// The subjectAltName entries in certificate order (empty when the extension is absent).
    public var subjectAlternativeNames: [SubjectAlternativeName] {
        OpenSSLErrorQueue.clear()
        defer { OpenSSLErrorQueue.clear() }
        guard let raw = X509_get_ext_d2i(backing.ref, NID_subject_alt_name, nil, nil) else { return [] }
        let names = OpaquePointer(raw)
        defer { airlock_GENERAL_NAMES_free(names) }
        return (0..<airlock_sk_GENERAL_NAME_num(names)).map { index in
            Self.alternativeName(airlock_sk_GENERAL_NAME_value(names, index))
        }
    }

    /// The extendedKeyUsage OIDs in dotted form, or nil when the extension is absent.
    public var extendedKeyUsages: [String]? {
        OpenSSLErrorQueue.clear()
        defer { OpenSSLErrorQueue.clear() }
        guard let raw = X509_get_ext_d2i(backing.ref, NID_ext_key_usage, nil, nil) else { return nil }
        let usages = OpaquePointer(raw)
        defer { airlock_EXTENDED_KEY_USAGE_free(usages) }
        return (0..<airlock_sk_ASN1_OBJECT_num(usages)).map { OpenSSL.oidString(airlock_sk_ASN1_OBJECT_value(usages, $0)) }
    }

    /// Whether the extendedKeyUsage extension is present and marked critical.
    public var isExtendedKeyUsageCritical: Bool {
        let index = X509_get_ext_by_NID(backing.ref, NID_ext_key_usage, -1)
        guard index >= 0 else { return false }
        return X509_EXTENSION_get_critical(X509_get_ext(backing.ref, index)) == 1
    }

    /// The raw extnValue octets of the first extension with `oid` (dotted form), or nil when absent.
    public func extensionValue(oid: String) -> Data? {
        OpenSSLErrorQueue.clear()
        defer { OpenSSLErrorQueue.clear() }
        guard let object = try? OpenSSL.object(fromOID: oid) else { return nil }
        defer { ASN1_OBJECT_free(object) }
        let index = X509_get_ext_by_OBJ(backing.ref, object, -1)
        guard index >= 0, let ext = X509_get_ext(backing.ref, index) else { return nil }
        return OpenSSL.bytes(of: X509_EXTENSION_get_data(ext))
    }

    /// The DER TBSCertificate exactly as encoded in the certificate (the bytes the issuer signed).
    public var tbsDER: Data {
        var outer = DERReader(der)
        guard let certificate = outer.read() else { return Data() }
        var inner = DERReader(certificate.content)
        return inner.read().map { Data($0.encoded) } ?? Data()
    }

    /// The TBSCertificate with the embedded SCT-list extension (1.3.6.1.4.1.11129.2.4.2) removed and
    /// re-encoded: what the CT log signed (RFC 6962 §3.2). Nothing else changes.
    public func precertificateTBS() throws -> Data {
        guard let rebuilt = Self.removingSCTList(fromTBS: tbsDER) else {
            throw CryptoError(.malformedCertificate, "the TBSCertificate does not parse as DER")
        }
        return rebuilt
    }

    /// DER of OID 1.3.6.1.4.1.11129.2.4.2 (embedded SCT list).
    private static let sctListOID = Data([0x06, 0x0A, 0x2B, 0x06, 0x01, 0x04, 0x01, 0xD6, 0x79, 0x02, 0x04, 0x02])

    /// Removes the SCT-list extension from a DER TBSCertificate and fixes the three enclosing lengths
    /// (extensions SEQUENCE, `[3]` wrapper, TBS SEQUENCE). DER is canonical, so this equals OpenSSL's
    /// `X509_delete_ext` + `i2d_re_X509_tbs`, without decoding the whole certificate again.
    static func removingSCTList(fromTBS tbs: Data) -> Data? {
        guard let body = DERReader.content(of: tbs, tag: 0x30) else { return nil }
        var fields = DERReader(body)
        var rebuilt = Data()
        var removed = false
        while !fields.isAtEnd {
            guard let field = fields.read() else { return nil }
            guard field.tag == 0xA3 else {
                rebuilt.append(field.encoded)
                continue
            }
            guard let list = DERReader.content(of: field.content, tag: 0x30) else { return nil }
            var extensions = DERReader(list)
            var kept = Data()
            while !extensions.isAtEnd {
                guard let ext = extensions.read(), ext.tag == 0x30 else { return nil }
                var parts = DERReader(ext.content)
                guard let oid = parts.read() else { return nil }
                if oid.encoded == sctListOID {
                    removed = true
                } else {
                    kept.append(ext.encoded)
                }
            }
            rebuilt.append(DERReader.encode(tag: 0xA3, DERReader.encode(tag: 0x30, kept)))
        }
        return removed ? DERReader.encode(tag: 0x30, rebuilt) : tbs
    }

    /// Whether `issuer` issued this certificate: its subject is this certificate's issuer name and its
    /// key verifies this certificate's signature. (Validity and CA status are the chain check's job.)
    public func isIssued(by issuer: Certificate) -> Bool {
        OpenSSLErrorQueue.clear()
        defer { OpenSSLErrorQueue.clear() }
        guard X509_NAME_cmp(X509_get_issuer_name(backing.ref), X509_get_subject_name(issuer.backing.ref)) == 0 else {
            return false
        }
        return X509_verify(backing.ref, issuer.publicKey.backing.ref) == 1
    }

    private static func alternativeName(_ name: UnsafeMutablePointer<GENERAL_NAME>?) -> SubjectAlternativeName {
        guard let name else { return .other }
        func text(_ string: UnsafeMutablePointer<ASN1_STRING>?) -> String? {
            String(validating: OpenSSL.bytes(of: string), as: UTF8.self)
        }
        switch name.pointee.type {
        case GEN_URI: return text(name.pointee.d.uniformResourceIdentifier).map { .uri($0) } ?? .other
        case GEN_EMAIL: return text(name.pointee.d.rfc822Name).map { .email($0) } ?? .other
        case GEN_DNS: return text(name.pointee.d.dNSName).map { .dns($0) } ?? .other
        case GEN_OTHERNAME:
            guard let other = name.pointee.d.otherName else { return .other }
            let oid = OpenSSL.oidString(other.pointee.type_id)
            guard let value = other.pointee.value, value.pointee.type == V_ASN1_UTF8STRING else {
                return .otherName(oid: oid, value: "")
            }
            return text(value.pointee.value.utf8string).map { .otherName(oid: oid, value: $0) } ?? .other
        default:
            return .other
        }
    }
}
