import Foundation
import AirlockCrypto
import AirlockFormats

/// Keyless identity (Sigstore client specification §4, last step): the certificate's SAN, OIDC issuer
/// (the Fulcio extension, never the X.509 issuer) and Fulcio extensions must match one of the
/// identities, through the one `CertificateIdentityMatcher`.
enum IdentityStep {
    static func run(leaf: Certificate, identities: [CertificateIdentity]) -> CheckResult {
        guard !identities.isEmpty else {
            return .fail(CheckID.identity, "no certificate identity was given: an empty identity policy never passes")
        }
        let presented = CertificateIdentityMatcher.presented(by: leaf)
        switch CertificateIdentityMatcher.firstMatch(identities, presented) {
        case .success:
            return .pass(CheckID.identity, "signed by \(presented.subjectAlternativeName ?? "") (issuer \(presented.issuer ?? ""))")
        case .failure(let mismatch):
            return .fail(CheckID.identity, "certificate identity does not match: \(mismatch.reasons.joined(separator: "; "))")
        }
    }
}
