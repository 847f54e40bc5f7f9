import COpenSSL
import Foundation

/// The Sigstore Fulcio certificate extensions (OID arc 1.3.6.1.4.1.57264.1), decoded per
/// fulcio `docs/oid-info.md`: .1–.6 hold raw UTF-8 bytes, .8–.24 hold a DER UTF8String.
public struct FulcioExtensions: Sendable, Hashable {
    /// The OID arc of every Fulcio extension.
    public static let arc = "1.3.6.1.4.1.57264.1"

    /// Every Fulcio extension present, keyed by dotted OID (for example `1.3.6.1.4.1.57264.1.12`).
    public let values: [String: String]

    /// Makes a value from already decoded extensions (for tests and policy tooling).
    public init(values: [String: String]) {
        self.values = values
    }

    /// The OIDC issuer: extension .8 (DER UTF8String), falling back to the deprecated .1 (raw bytes).
    public var issuer: String? { value(8) ?? value(1) }

    /// .2 (deprecated) GitHub workflow trigger.
    public var githubWorkflowTrigger: String? { value(2) }
    /// .3 (deprecated) GitHub workflow commit SHA.
    public var githubWorkflowSHA: String? { value(3) }
    /// .4 (deprecated) GitHub workflow name.
    public var githubWorkflowName: String? { value(4) }
    /// .5 (deprecated) GitHub workflow repository.
    public var githubWorkflowRepository: String? { value(5) }
    /// .6 (deprecated) GitHub workflow ref.
    public var githubWorkflowRef: String? { value(6) }
    /// .9 Build Signer URI (the reusable workflow that signed).
    public var buildSignerURI: String? { value(9) }
    /// .10 Build Signer Digest.
    public var buildSignerDigest: String? { value(10) }
    /// .11 Runner Environment (`github-hosted` / `self-hosted`).
    public var runnerEnvironment: String? { value(11) }
    /// .12 Source Repository URI.
    public var sourceRepositoryURI: String? { value(12) }
    /// .13 Source Repository Digest (commit).
    public var sourceRepositoryDigest: String? { value(13) }
    /// .14 Source Repository Ref.
    public var sourceRepositoryRef: String? { value(14) }
    /// .15 Source Repository Identifier.
    public var sourceRepositoryIdentifier: String? { value(15) }
    /// .16 Source Repository Owner URI.
    public var sourceRepositoryOwnerURI: String? { value(16) }
    /// .17 Source Repository Owner Identifier.
    public var sourceRepositoryOwnerIdentifier: String? { value(17) }
    /// .18 Build Config URI.
    public var buildConfigURI: String? { value(18) }
    /// .19 Build Config Digest.
    public var buildConfigDigest: String? { value(19) }
    /// .20 Build Trigger (event name).
    public var buildTrigger: String? { value(20) }
    /// .21 Run Invocation URI.
    public var runInvocationURI: String? { value(21) }
    /// .22 Source Repository Visibility At Signing.
    public var sourceRepositoryVisibilityAtSigning: String? { value(22) }
    /// .23 Deployment Environment.
    public var deploymentEnvironment: String? { value(23) }
    /// .24 Token Subject (the OIDC `sub`).
    public var tokenSubject: String? { value(24) }

    private func value(_ number: Int) -> String? { values["\(Self.arc).\(number)"] }

    /// Reads the extensions of a certificate; a malformed .8–.24 value (not exactly one DER
    /// UTF8String) or non-UTF-8 text in .1–.6 makes the whole certificate malformed.
    init(_ certificate: X509Ref) throws {
        var values: [String: String] = [:]
        let count = X509_get_ext_count(certificate.ref)
        for index in 0..<count {
            guard let ext = X509_get_ext(certificate.ref, index) else { continue }
            let oid = OpenSSL.oidString(X509_EXTENSION_get_object(ext))
            guard oid.hasPrefix(Self.arc + "."), let number = Int(oid.dropFirst(Self.arc.count + 1)) else { continue }
            let raw = OpenSSL.bytes(of: X509_EXTENSION_get_data(ext))
            let text: String?
            switch number {
            case 1...6: text = String(validating: raw, as: UTF8.self)
            case 8...24: text = DERReader.utf8String(raw)
            default: continue
            }
            guard let text else {
                throw CryptoError(.malformedCertificate, "Fulcio extension \(oid) is not \(number <= 6 ? "UTF-8 text" : "a single DER UTF8String")")
            }
            values[oid] = text
        }
        self.values = values
    }
}
