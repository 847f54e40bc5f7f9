/// Extended key usage rules (RFC 5280 §4.2.1.12), in one place: the OIDs Airlock checks, and the
/// nesting rule Go's x509 applies (and OpenSSL 3.0 lacks for code signing): a CA certificate with
/// an EKU extension must list the usage, or anyExtendedKeyUsage.
public enum ExtendedKeyUsage {
    /// id-kp-codeSigning: Fulcio leaves.
    public static let codeSigning = "1.3.6.1.5.5.7.3.3"
    /// id-kp-timeStamping: RFC 3161 timestamp authorities.
    public static let timeStamping = "1.3.6.1.5.5.7.3.8"
    /// anyExtendedKeyUsage.
    public static let any = "2.5.29.37.0"

    /// Whether `certificate` allows `usage`: it has no EKU extension, or lists `usage` or anyExtendedKeyUsage.
    public static func allows(_ usage: String, _ certificate: Certificate) -> Bool {
        guard let usages = certificate.extendedKeyUsages else { return true }
        return usages.contains(usage) || usages.contains(any)
    }

    /// The first of `certificates` (CA certificates above a leaf) whose EKU excludes `usage`, if any.
    public static func firstExcluding(_ usage: String, in certificates: some Sequence<Certificate>) -> Certificate? {
        certificates.first { !allows(usage, $0) }
    }
}
