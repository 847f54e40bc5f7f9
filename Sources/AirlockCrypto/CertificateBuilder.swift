public import Foundation

/// Issues X.509 certificates: for the test kit's miniature Fulcio and TSA, and for the CA that
/// signs Airlock's approvals. Not used when verifying.
///
/// Extensions appear in a fixed order (keyUsage, basicConstraints, extendedKeyUsage,
/// subjectKeyIdentifier, authorityKeyIdentifier, subjectAltName), then `customExtensions` in the
/// order given. So a certificate built with an SCT-list extension last, once that extension is
/// removed, has exactly the TBS of the same certificate built without it (RFC 6962 precertificates).
public struct CertificateBuilder: Sendable {
    /// The keyUsage bits Airlock issues.
    public struct KeyUsage: OptionSet, Sendable, Hashable {
        /// The raw bit mask (bit 0 = digitalSignature, as in the BIT STRING's first octet, MSB first).
        public let rawValue: UInt8
        /// Makes a set from its mask.
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        /// digitalSignature (bit 0).
        public static let digitalSignature = KeyUsage(rawValue: 0x80)
        /// keyCertSign (bit 5).
        public static let keyCertSign = KeyUsage(rawValue: 0x04)
        /// cRLSign (bit 6).
        public static let cRLSign = KeyUsage(rawValue: 0x02)
    }

    /// A raw extension appended after the standard ones.
    public typealias CustomExtension = (oid: String, critical: Bool, value: Data)

    /// Subject commonName; omitted when nil (Fulcio leaves have an empty subject).
    public var subjectCommonName: String?
    /// Subject organizationName; omitted when nil. Emitted before the commonName.
    public var subjectOrganization: String?
    /// The serial number as unsigned big-endian bytes (must be non-empty and not all zero).
    public var serialNumber: Data
    /// Start of validity.
    public var notBefore: Date
    /// End of validity.
    public var notAfter: Date
    /// The subject public key.
    public var publicKey: PublicKey
    /// Whether basicConstraints says CA.
    public var isCA: Bool
    /// basicConstraints pathLenConstraint (CA certificates only).
    public var pathLength: Int?
    /// keyUsage bits (critical); the extension is omitted when empty.
    public var keyUsage: KeyUsage
    /// extendedKeyUsage OIDs, dotted; the extension is omitted when empty.
    public var extendedKeyUsages: [String]
    /// Whether extendedKeyUsage is critical (required for TSA signers).
    public var ekuCritical: Bool
    /// subjectAltName entries; the extension is omitted when empty. `.other` cannot be issued.
    public var subjectAlternativeNames: [SubjectAlternativeName]
    /// Whether subjectAltName is critical (Fulcio marks it critical because the subject is empty).
    public var sanCritical: Bool
    /// Extra extensions with raw extnValue bytes, appended last in this order.
    public var customExtensions: [CustomExtension]

    /// A leaf-style builder: not a CA, digitalSignature, no EKU or SANs, a random 16-byte serial.
    public init(publicKey: PublicKey, notBefore: Date, notAfter: Date) {
        self.publicKey = publicKey
        self.notBefore = notBefore
        self.notAfter = notAfter
        var serial = (0..<16).map { _ in UInt8.random(in: 0...255) }
        serial[0] = serial[0] & 0x7F | 0x40
        self.serialNumber = Data(serial)
        self.isCA = false
        self.keyUsage = .digitalSignature
        self.extendedKeyUsages = []
        self.ekuCritical = false
        self.subjectAlternativeNames = []
        self.sanCritical = false
        self.customExtensions = []
    }

    /// Sets the serial number from an integer.
    public mutating func setSerialNumber(_ value: UInt64) {
        serialNumber = Data((0..<8).map { UInt8(truncatingIfNeeded: value >> (56 - 8 * UInt64($0))) })
    }

    /// Signs the certificate with `issuerKey` under the key's default scheme. When `issuer` is nil
    /// the certificate is self-signed (issuer name = subject name, and `issuerKey` should match
    /// `publicKey`). The result is decoded back, so it obeys every `Certificate` rule.
    public func sign(issuerKey: PrivateKey, issuer: Certificate?) throws -> Certificate {
        guard notBefore <= notAfter else {
            throw CryptoError(.invalidInput, "notBefore \(notBefore.iso8601) is after notAfter \(notAfter.iso8601)")
        }
        guard serialNumber.contains(where: { $0 != 0 }) else {
            throw CryptoError(.invalidInput, "the serial number must be positive")
        }
        if pathLength != nil && !isCA {
            throw CryptoError(.invalidInput, "pathLength is only meaningful for CA certificates")
        }
        let authorityKeyID = issuer.map(Self.keyIdentifier(of:)) ?? Self.keyIdentifier(publicKey)
        var extensions = try standardExtensions(authorityKeyID: authorityKeyID)
        extensions += customExtensions.map { ($0.oid, $0.critical, $0.value) }
        return try assemble(extensions: extensions, issuerKey: issuerKey, issuer: issuer)
    }
}
