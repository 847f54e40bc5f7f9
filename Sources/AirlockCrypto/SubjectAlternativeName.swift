/// One entry of a certificate's subjectAltName extension, as Sigstore identity matching needs it.
public enum SubjectAlternativeName: Sendable, Hashable {
    /// A uniformResourceIdentifier (GitHub Actions workflow identities, SPIFFE IDs).
    case uri(String)
    /// An rfc822Name (OIDC e-mail identities).
    case email(String)
    /// A dNSName.
    case dns(String)
    /// An otherName; `value` is the decoded text when the value is a UTF8String (Fulcio's username
    /// identities, type-id 1.3.6.1.4.1.57264.1.7), and empty otherwise.
    case otherName(oid: String, value: String)
    /// Any other kind (IP address, directory name …), or text that is not valid UTF-8.
    case other
}
