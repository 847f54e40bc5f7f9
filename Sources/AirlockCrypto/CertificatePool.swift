public import Foundation

/// What a certificate path must be good for.
public enum KeyUsagePurpose: Sendable, Hashable {
    /// Sigstore signing: the leaf's EKU includes codeSigning, and every intermediate has no EKU or
    /// includes codeSigning or anyExtendedKeyUsage.
    case codeSigning
    /// RFC 3161: OpenSSL's timestamp-signing purpose (critical, timeStamping-only leaf EKU).
    case timeStamping
    /// No usage constraint beyond a valid path.
    case any
}

/// Trust anchors and intermediates, loaded once into an OpenSSL store and reused for every
/// validation. Anchors may themselves be intermediates (partial chains are accepted).
public struct CertificatePool: Sendable {
    let backing: X509StoreRef
    /// The trust anchors.
    public let anchors: [Certificate]
    /// Untrusted intermediates offered for path building.
    public let intermediates: [Certificate]

    /// Builds a pool; certificates are shared with the store, not copied.
    public init(anchors: [Certificate], intermediates: [Certificate] = []) {
        self.anchors = anchors
        self.intermediates = intermediates
        self.backing = X509StoreRef(anchors: anchors)
    }

    /// Validates `leaf` at `time` (never "now"): builds a path to an anchor through the pool's and
    /// `extraIntermediates`, checks every certificate in it at `time` (both ends inclusive), then the
    /// usage. Returns the verified path leaf…anchor, or a `.chainInvalid` error saying why.
    public func validate(
        _ leaf: Certificate,
        extraIntermediates: [Certificate] = [],
        at time: Date,
        usage: KeyUsagePurpose
    ) -> Result<[Certificate], CryptoError> {
        let known = anchors + intermediates + extraIntermediates + [leaf]
        let result = backing.verify(leaf, untrusted: intermediates + extraIntermediates, at: time, usage: usage, known: known)
        guard case .success(let chain) = result else { return result }
        // OpenSSL compares whole seconds; enforce the exact instant too.
        if let stale = chain.first(where: { !$0.isValid(at: time) }) {
            return .failure(CryptoError(.chainInvalid, "certificate \(stale.subject) is not valid at \(time.iso8601) (valid \(stale.notBefore.iso8601) to \(stale.notAfter.iso8601))"))
        }
        if usage == .codeSigning, let failure = Self.checkCodeSigning(chain) {
            return .failure(failure)
        }
        return .success(chain)
    }

    /// EKU nesting for code signing, as Go's x509 enforces it (checked here because OpenSSL 3.0
    /// has no code-signing purpose).
    static func checkCodeSigning(_ chain: [Certificate]) -> CryptoError? {
        guard let leaf = chain.first, leaf.extendedKeyUsages?.contains(ExtendedKeyUsage.codeSigning) == true else {
            return CryptoError(.chainInvalid, "the leaf certificate's extended key usage does not include codeSigning")
        }
        if let certificate = ExtendedKeyUsage.firstExcluding(ExtendedKeyUsage.codeSigning, in: chain.dropFirst()) {
            return CryptoError(.chainInvalid, "CA certificate \(certificate.subject) restricts extended key usage and excludes codeSigning")
        }
        return nil
    }
}
