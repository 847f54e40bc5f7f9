public import Foundation
import COpenSSL

/// An X.509 certificate with the fields Sigstore verification reads, decoded once at construction.
///
/// Equality and hashing follow the DER encoding.
public struct Certificate: Sendable, Hashable, CustomStringConvertible {
    let backing: X509Ref
    /// The DER encoding, exactly as given.
    public let der: Data
    /// The subject name, one line, RFC 2253 style (`CN=…,O=…`).
    public let subject: String
    /// The issuer name, one line, RFC 2253 style.
    public let issuer: String
    /// The serial number as upper-case hex.
    public let serialNumberHex: String
    /// Start of the validity period (inclusive).
    public let notBefore: Date
    /// End of the validity period (inclusive).
    public let notAfter: Date
    /// The subject public key (certificates with unsupported keys are rejected at decode time).
    public let publicKey: PublicKey
    /// The Sigstore Fulcio extensions present in the certificate.
    public let fulcioExtensions: FulcioExtensions

    /// Decodes one DER certificate; trailing bytes, unsupported keys, duplicate or malformed
    /// standard extensions and malformed Fulcio extensions are rejected.
    public init(der: Data) throws {
        OpenSSLErrorQueue.clear()
        let (x509, consumedAll) = OpenSSL.decode(der) { d2i_X509(nil, $0, $1) }
        guard let x509 else { throw OpenSSLErrorQueue.error(.malformedCertificate, "not a DER X.509 certificate") }
        try self.init(backing: X509Ref(takingOwnership: x509), der: der, consumedAll: consumedAll)
    }

    init(backing: X509Ref, der: Data, consumedAll: Bool = true) throws {
        guard consumedAll else { throw CryptoError(.malformedCertificate, "trailing bytes after the certificate") }
        let x509 = backing.ref
        guard X509_get_extension_flags(x509) & UInt32(EXFLAG_INVALID) == 0 else {
            throw OpenSSLErrorQueue.error(.malformedCertificate, "the certificate has duplicate or malformed extensions")
        }
        guard let notBefore = OpenSSL.date(X509_get0_notBefore(x509)),
              let notAfter = OpenSSL.date(X509_get0_notAfter(x509))
        else { throw OpenSSLErrorQueue.error(.malformedCertificate, "unreadable validity period") }
        guard let key = X509_get_pubkey(x509) else {
            throw OpenSSLErrorQueue.error(.malformedCertificate, "the subject public key does not decode")
        }
        self.backing = backing
        self.der = der
        self.subject = Self.name(X509_get_subject_name(x509))
        self.issuer = Self.name(X509_get_issuer_name(x509))
        self.serialNumberHex = OpenSSL.hex(X509_get0_serialNumber(x509))
        self.notBefore = notBefore
        self.notAfter = notAfter
        self.publicKey = try PublicKey(backing: EVPKey(takingOwnership: key))
        self.fulcioExtensions = try FulcioExtensions(backing)
    }

    /// Decodes every `CERTIFICATE` block in a PEM text, in order; throws if there is none or one is bad.
    public static func parsePEM(_ pem: String) throws -> [Certificate] {
        let begin = "-----BEGIN CERTIFICATE-----", end = "-----END CERTIFICATE-----"
        var certificates: [Certificate] = []
        var rest = Substring(pem)
        while let start = rest.range(of: begin) {
            guard let stop = rest.range(of: end, range: start.upperBound..<rest.endIndex) else {
                throw CryptoError(.malformedCertificate, "PEM CERTIFICATE block \(certificates.count + 1) has no END line")
            }
            let body = rest[start.upperBound..<stop.lowerBound].filter { !$0.isWhitespace }
            guard let der = Data(base64Encoded: String(body)) else {
                throw CryptoError(.malformedCertificate, "PEM CERTIFICATE block \(certificates.count + 1) is not valid base64")
            }
            certificates.append(try Certificate(der: der))
            rest = rest[stop.upperBound...]
        }
        guard !certificates.isEmpty else { throw CryptoError(.malformedCertificate, "no PEM CERTIFICATE block found") }
        return certificates
    }

    /// The certificate as a PEM `CERTIFICATE` block.
    public var pem: String {
        "-----BEGIN CERTIFICATE-----\n"
            + der.base64EncodedString(options: [.lineLength64Characters, .endLineWithLineFeed])
            + "\n-----END CERTIFICATE-----\n"
    }

    /// Whether `time` lies within the validity period, both ends inclusive.
    public func isValid(at time: Date) -> Bool {
        notBefore <= time && time <= notAfter
    }

    /// Subject, serial and validity, for logs.
    public var description: String {
        "Certificate(subject: \(subject), serial: \(serialNumberHex), \(notBefore.iso8601)…\(notAfter.iso8601))"
    }

    /// Certificates are equal when their DER encodings are.
    public static func == (lhs: Certificate, rhs: Certificate) -> Bool { lhs.der == rhs.der }

    /// Hashes the DER encoding.
    public func hash(into hasher: inout Hasher) { hasher.combine(der) }

    private static func name(_ name: OpaquePointer?) -> String {
        guard let name else { return "" }
        let data = try? OpenSSL.collectBIO { bio in
            X509_NAME_print_ex(bio, name, 0, airlock_XN_FLAG_RFC2253_UTF8()) >= 0
        }
        return String(decoding: data ?? Data(), as: UTF8.self)
    }
}
