import COpenSSL
import Foundation

extension CertificateBuilder {
    /// Builds, signs and re-decodes the certificate. The `X509` lives only inside this call.
    func assemble(extensions: [EncodedExtension], issuerKey: PrivateKey, issuer: Certificate?) throws -> Certificate {
        OpenSSLErrorQueue.clear()
        guard let x509 = X509_new() else { throw OpenSSLErrorQueue.error(.internalError, "X509_new failed") }
        defer { X509_free(x509) }
        guard X509_set_version(x509, 2) == 1 else { throw OpenSSLErrorQueue.error(.internalError, "X509_set_version failed") }
        try setSerial(x509)
        let subject = try makeName()
        defer { X509_NAME_free(subject) }
        guard X509_set_subject_name(x509, subject) == 1,
              X509_set_issuer_name(x509, issuer.map { X509_get_subject_name($0.backing.ref) } ?? subject) == 1
        else { throw OpenSSLErrorQueue.error(.internalError, "setting names failed") }
        try setTime(notBefore) { X509_set1_notBefore(x509, $0) }
        try setTime(notAfter) { X509_set1_notAfter(x509, $0) }
        guard X509_set_pubkey(x509, publicKey.backing.ref) == 1 else {
            throw OpenSSLErrorQueue.error(.internalError, "X509_set_pubkey failed")
        }
        for (oid, critical, value) in extensions {
            try add(x509, oid: oid, critical: critical, value: value)
        }
        let md = issuerKey.algorithm.defaultScheme.digest.map(FetchedDigest.of)
        guard X509_sign(x509, issuerKey.backing.ref, md) > 0 else {
            throw OpenSSLErrorQueue.error(.signatureFailure, "signing the certificate failed")
        }
        return try Certificate(der: OpenSSL.encode("certificate") { i2d_X509(x509, $0) })
    }

    private func setSerial(_ x509: OpaquePointer) throws {
        let bn = serialNumber.withUnsafeBytes {
            BN_bin2bn($0.baseAddress!.assumingMemoryBound(to: UInt8.self), Int32($0.count), nil)
        }
        guard let bn else { throw OpenSSLErrorQueue.error(.internalError, "BN_bin2bn failed") }
        defer { BN_free(bn) }
        guard let integer = BN_to_ASN1_INTEGER(bn, nil) else { throw OpenSSLErrorQueue.error(.internalError, "BN_to_ASN1_INTEGER failed") }
        defer { ASN1_INTEGER_free(integer) }
        guard X509_set_serialNumber(x509, integer) == 1 else { throw OpenSSLErrorQueue.error(.internalError, "X509_set_serialNumber failed") }
    }

    private func makeName() throws -> OpaquePointer {
        guard let name = X509_NAME_new() else { throw OpenSSLErrorQueue.error(.internalError, "X509_NAME_new failed") }
        for (field, value) in [("O", subjectOrganization), ("CN", subjectCommonName)] {
            guard let value else { continue }
            guard X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8, value, -1, -1, 0) == 1 else {
                X509_NAME_free(name)
                throw OpenSSLErrorQueue.error(.invalidInput, "cannot put \(field)=\(value) in a name")
            }
        }
        return name
    }

    private func setTime(_ date: Date, _ body: (UnsafeMutablePointer<ASN1_TIME>) -> Int32) throws {
        guard let time = ASN1_TIME_set(nil, time_t(date.timeIntervalSince1970.rounded(.down))) else {
            throw OpenSSLErrorQueue.error(.invalidInput, "cannot encode time \(date.iso8601)")
        }
        defer { ASN1_TIME_free(time) }
        guard body(time) == 1 else { throw OpenSSLErrorQueue.error(.internalError, "setting validity failed") }
    }

    private func add(_ x509: OpaquePointer, oid: String, critical: Bool, value: Data) throws {
        let object = try OpenSSL.object(fromOID: oid)
        defer { ASN1_OBJECT_free(object) }
        guard let octets = ASN1_OCTET_STRING_new() else { throw OpenSSLErrorQueue.error(.internalError, "allocation failed") }
        defer { ASN1_OCTET_STRING_free(octets) }
        let stored = value.withUnsafeBytes {
            ASN1_OCTET_STRING_set(octets, ($0.baseAddress ?? UnsafeRawPointer(OpenSSL.emptyByte)).assumingMemoryBound(to: UInt8.self), Int32($0.count))
        }
        guard stored == 1, let ext = X509_EXTENSION_create_by_OBJ(nil, object, critical ? 1 : 0, octets) else {
            throw OpenSSLErrorQueue.error(.internalError, "building extension \(oid) failed")
        }
        defer { X509_EXTENSION_free(ext) }
        guard X509_add_ext(x509, ext, -1) == 1 else { throw OpenSSLErrorQueue.error(.internalError, "adding extension \(oid) failed") }
    }
}
