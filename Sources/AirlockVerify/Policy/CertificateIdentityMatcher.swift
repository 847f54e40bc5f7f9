import AirlockCrypto

/// The one certificate-identity matcher, used by bundle verification (`IdentityStep`) and by site
/// policy signer lists (`RequirementEvaluator`): SAN, then OIDC issuer, then every required Fulcio
/// extension value (Sigstore client specification §4, "identity").
enum CertificateIdentityMatcher {
    /// The Fulcio otherName SAN (username) OID.
    static let usernameOID = "1.3.6.1.4.1.57264.1.7"

    /// The identity value a certificate presents: the first URI SAN, else the first email, else the
    /// otherName (Fulcio username).
    static func subjectAlternativeName(of leaf: Certificate) -> String? {
        let sans = leaf.subjectAlternativeNames
        for case .uri(let value) in sans { return value }
        for case .email(let value) in sans { return value }
        for case .otherName(let oid, let value) in sans where oid == usernameOID { return value }
        return nil
    }

    /// What a certificate presents for matching: SAN, issuer extension and Fulcio extension values.
    static func presented(by leaf: Certificate) -> SignerIdentity {
        let extensions = leaf.fulcioExtensions
        return SignerIdentity(subjectAlternativeName: subjectAlternativeName(of: leaf), issuer: extensions.issuer,
                              certificateSHA256: nil, publicKeySHA256: "", extensions: extensions.values)
    }

    /// Nil when `signer` matches `identity`, else why not (one clause).
    static func mismatch(_ identity: CertificateIdentity, _ signer: SignerIdentity) -> String? {
        guard let san = signer.subjectAlternativeName, identity.subjectAlternativeName.matches(san) else {
            return "SAN \(signer.subjectAlternativeName.map { "\"\($0)\"" } ?? "(none)") does not match \(identity.subjectAlternativeName)"
        }
        // A certificate without an issuer extension (GitHub's release attester) presents "".
        guard identity.issuer.matches(signer.issuer ?? "") else {
            return "issuer \(signer.issuer.map { "\"\($0)\"" } ?? "(none)") does not match \(identity.issuer)"
        }
        if let (oid, expected) = identity.extensions.sorted(by: { $0.key < $1.key })
            .first(where: { signer.extensions[$0.key] != $0.value }) {
            return "extension \(oid) is \(signer.extensions[oid].map { "\"\($0)\"" } ?? "absent"), expected \"\(expected)\""
        }
        return nil
    }

    /// The first of `identities` that `signer` matches, or every reason none does.
    static func firstMatch(_ identities: [CertificateIdentity], _ signer: SignerIdentity) -> Result<Int, Mismatch> {
        var reasons: [String] = []
        for (index, identity) in identities.enumerated() {
            guard let reason = mismatch(identity, signer) else { return .success(index) }
            reasons.append(reason)
        }
        return .failure(Mismatch(reasons: reasons))
    }

    /// Why no identity matched.
    struct Mismatch: Error {
        let reasons: [String]
    }
}
