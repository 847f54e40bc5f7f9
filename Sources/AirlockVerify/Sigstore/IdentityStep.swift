import Foundation
import AirlockCrypto

/// Keyless identity (formats.md §5.3): the SAN used is the first URI, else the first email, else the
/// otherName (OID 1.3.6.1.4.1.57264.1.7); the issuer is the Fulcio extension, never the X.509 issuer.
enum IdentityStep {
    static let usernameOID = "1.3.6.1.4.1.57264.1.7"

    /// The identity value a certificate presents.
    static func subjectAlternativeName(of leaf: Certificate) -> String? {
        let sans = leaf.subjectAlternativeNames
        for case .uri(let value) in sans { return value }
        for case .email(let value) in sans { return value }
        for case .otherName(let oid, let value) in sans where oid == usernameOID { return value }
        return nil
    }

    static func run(leaf: Certificate, identities: [CertificateIdentity]) -> CheckResult {
        guard !identities.isEmpty else {
            return .fail("identity", "no certificate identity was given: an empty identity policy never passes")
        }
        let san = subjectAlternativeName(of: leaf)
        let extensions = leaf.fulcioExtensions
        var reasons: [String] = []
        for identity in identities {
            guard let san, identity.subjectAlternativeName.matches(san) else {
                reasons.append("SAN \(san.map { "\"\($0)\"" } ?? "(none)") does not match \(identity.subjectAlternativeName)")
                continue
            }
            // A certificate without an issuer extension (GitHub's release attester) presents "".
            let issuer = extensions.issuer ?? ""
            guard identity.issuer.matches(issuer) else {
                reasons.append("issuer \(extensions.issuer.map { "\"\($0)\"" } ?? "(none)") does not match \(identity.issuer)")
                continue
            }
            if let (oid, expected) = identity.extensions.sorted(by: { $0.key < $1.key })
                .first(where: { extensions.values[$0.key] != $0.value }) {
                reasons.append("extension \(oid) is \(extensions.values[oid].map { "\"\($0)\"" } ?? "absent"), expected \"\(expected)\"")
                continue
            }
            return .pass("identity", "signed by \(san) (issuer \(issuer))")
        }
        return .fail("identity", "certificate identity does not match: \(reasons.joined(separator: "; "))")
    }
}
