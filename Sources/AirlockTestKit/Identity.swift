public import AirlockCrypto

/// A keyless signer identity as Fulcio would certify it: the SAN, the OIDC issuer (Fulcio
/// extensions .1 and .8) and optional CI extensions .9–.24 (dotted OID → value).
public struct Identity: Sendable, Hashable {
    /// The Fulcio otherName type-id for username identities.
    public static let usernameOID = "1.3.6.1.4.1.57264.1.7"

    /// The subject alternative name (URI, email, or otherName with `usernameOID`).
    public var subjectAlternativeName: SubjectAlternativeName
    /// The OIDC issuer URL.
    public var issuer: String
    /// Additional Fulcio extensions (OIDs 1.3.6.1.4.1.57264.1.9 to .24), written as DER UTF8String.
    public var extensions: [String: String]

    /// Makes an identity.
    public init(subjectAlternativeName: SubjectAlternativeName, issuer: String, extensions: [String: String] = [:]) {
        self.subjectAlternativeName = subjectAlternativeName
        self.issuer = issuer
        self.extensions = extensions
    }

    /// The SAN value a verifier matches (URI, email or username text).
    public var subjectAlternativeNameValue: String {
        switch subjectAlternativeName {
        case .uri(let v), .email(let v), .dns(let v): v
        case .otherName(_, let v): v
        case .other: ""
        }
    }

    /// A GitHub Actions-style workflow identity with BuildSignerURI (.9) and SourceRepositoryURI (.12).
    public static let githubWorkflow = Identity(
        subjectAlternativeName: .uri("https://github.com/mini-org/mini-repo/.github/workflows/release.yml@refs/heads/main"),
        issuer: "https://token.actions.githubusercontent.com",
        extensions: [
            "1.3.6.1.4.1.57264.1.9": "https://github.com/mini-org/mini-repo/.github/workflows/release.yml@refs/heads/main",
            "1.3.6.1.4.1.57264.1.12": "https://github.com/mini-org/mini-repo",
        ])

    /// An e-mail identity from a generic OIDC provider.
    public static let email = Identity(subjectAlternativeName: .email("signer@mini.test"), issuer: "https://accounts.mini.test")

    /// A username identity (otherName SAN, OID 1.3.6.1.4.1.57264.1.7).
    public static func username(_ name: String, issuer: String = "https://accounts.mini.test") -> Identity {
        Identity(subjectAlternativeName: .otherName(oid: usernameOID, value: name), issuer: issuer)
    }
}
