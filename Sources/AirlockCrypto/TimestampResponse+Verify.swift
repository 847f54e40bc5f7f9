public import Foundation
import COpenSSL

extension TimestampResponse {
    /// Verifies the timestamp over `signedData` (for Sigstore: the signature bytes), in sigstore's
    /// order: refuse SHA-1 and unknown imprint hashes; the imprint equals the hash of `signedData`;
    /// the CMS signature and the chain to `anchors` hold at genTime, with the signer under a critical
    /// timeStamping-only EKU, not a CA, and every intermediate's EKU allowing timeStamping; and when
    /// `expectedSigner` is given and the token embeds its signer, they are the same certificate.
    /// Returns genTime. The caller still checks genTime against the TSA's validity window.
    public func verify(
        signedData: Data,
        anchors: [Certificate],
        intermediates: [Certificate],
        expectedSigner: Certificate?
    ) -> Result<Date, CryptoError> {
        guard let hashAlgorithm else {
            return .failure(CryptoError(.timestampInvalid, "the message imprint uses hash \(hashAlgorithmOID), which is not accepted (SHA-256/384/512 only)"))
        }
        guard messageImprint == Digest.hash(signedData, using: hashAlgorithm) else {
            return .failure(CryptoError(.timestampInvalid, "message imprint mismatch: the timestamp does not cover this data"))
        }
        let offered = intermediates + (expectedSigner.map { [$0] } ?? [])
        let verifiedPath = VerifiedPathCapture()
        if case .failure(let error) = verifyToken(anchors: anchors, certificates: offered, checkImprint: true, capturing: verifiedPath) {
            return .failure(error)
        }
        let signer: Certificate
        switch findSigner(among: offered) {
        case .success(let found): signer = found
        case .failure(let error): return .failure(error)
        }
        if let expectedSigner, let embedded = embeddedSigner(), embedded != expectedSigner {
            return .failure(CryptoError(.timestampInvalid, "the token's embedded signer \(embedded.subject) (serial \(embedded.serialNumberHex)) is not the expected TSA certificate"))
        }
        if signer.isCA {
            return .failure(CryptoError(.timestampInvalid, "the timestamp signer \(signer.subject) is a CA certificate"))
        }
        // The path OpenSSL verified for the token's signer (signatures, CA and timestamp-signing purpose,
        // at genTime's second), taken from that one chain validation rather than built and verified again.
        switch signerPath(verifiedPath, signer: signer, known: anchors + offered + embeddedCertificates) {
        case .failure(let error):
            return .failure(CryptoError(.timestampInvalid, "the TSA chain is not valid at genTime: \(error.reason)", openSSLErrors: error.openSSLErrors))
        case .success(let chain):
            if let certificate = ExtendedKeyUsage.firstExcluding(ExtendedKeyUsage.timeStamping, in: chain.dropFirst()) {
                return .failure(CryptoError(.timestampInvalid, "CA certificate \(certificate.subject) restricts extended key usage and excludes timeStamping"))
            }
        }
        return .success(genTime)
    }

    /// The signer's verified path leaf…anchor as `Certificate`s, every one valid at the exact genTime
    /// (OpenSSL compares whole seconds; both ends inclusive, as `CertificatePool.validate`).
    private func signerPath(_ capture: VerifiedPathCapture, signer: Certificate, known: [Certificate]) -> Result<[Certificate], CryptoError> {
        guard let first = capture.path.first, X509_cmp(first, signer.backing.ref) == 0 else {
            return .failure(CryptoError(.internalError, "the token's signer path was not captured"))
        }
        var path: [Certificate] = []
        for x509 in capture.path {
            guard let match = known.first(where: { $0.backing.ref == x509 || X509_cmp($0.backing.ref, x509) == 0 }) else {
                return .failure(CryptoError(.internalError, "verified chain holds a certificate that was not supplied"))
            }
            path.append(match)
        }
        if let stale = path.first(where: { !$0.isValid(at: genTime) }) {
            return .failure(CryptoError(.chainInvalid, "certificate \(stale.subject) is not valid at \(genTime.iso8601) (valid \(stale.notBefore.iso8601) to \(stale.notAfter.iso8601))"))
        }
        return .success(path)
    }

    /// OpenSSL's token check with a store whose time is genTime: version, CMS signature, ESS
    /// signing-certificate, chain to `anchors` under the timestamp-signing purpose, and (when
    /// `checkImprint`) the imprint bytes. Internal so tests can exercise tokens whose data is unknown.
    func verifyToken(anchors: [Certificate], certificates: [Certificate], checkImprint: Bool) -> Result<Void, CryptoError> {
        verifyToken(anchors: anchors, certificates: certificates, checkImprint: checkImprint, capturing: nil)
    }

    /// As above; when `capture` is given, it receives the path OpenSSL verified for the signer.
    private func verifyToken(
        anchors: [Certificate], certificates: [Certificate], checkImprint: Bool, capturing capture: VerifiedPathCapture?
    ) -> Result<Void, CryptoError> {
        OpenSSLErrorQueue.clear()
        guard let ctx = TS_VERIFY_CTX_new() else {
            return .failure(OpenSSLErrorQueue.error(.internalError, "TS_VERIFY_CTX_new failed"))
        }
        // The context owns (and frees) the store, the certificate stack and the imprint buffer.
        defer { TS_VERIFY_CTX_free(ctx) }
        guard let store = X509_STORE_new() else { return .failure(OpenSSLErrorQueue.error(.internalError, "X509_STORE_new failed")) }
        _ = TS_VERIFY_CTX_set_store(ctx, store)
        for anchor in anchors where X509_STORE_add_cert(store, anchor.backing.ref) != 1 {
            return .failure(OpenSSLErrorQueue.error(.internalError, "X509_STORE_add_cert failed"))
        }
        if let capture, !capture.attach(to: store) {
            return .failure(OpenSSLErrorQueue.error(.internalError, "attaching the path capture to the store failed"))
        }
        let param = X509_STORE_get0_param(store)
        X509_VERIFY_PARAM_set_time(param, time_t(genTime.timeIntervalSince1970.rounded(.down)))
        X509_VERIFY_PARAM_set_flags(param, UInt(X509_V_FLAG_PARTIAL_CHAIN))
        do {
            _ = TS_VERIFY_CTX_set_certs(ctx, try X509Stack.transferring(certificates))  // the context frees it
        } catch {
            return .failure(error)
        }
        var flags = TS_VFY_VERSION | TS_VFY_SIGNATURE
        if checkImprint {
            flags |= TS_VFY_IMPRINT
            guard let buffer = airlock_OPENSSL_malloc(max(messageImprint.count, 1))?.assumingMemoryBound(to: UInt8.self) else {
                return .failure(OpenSSLErrorQueue.error(.internalError, "allocation failed"))
            }
            messageImprint.copyBytes(to: buffer, count: messageImprint.count)
            _ = TS_VERIFY_CTX_set_imprint(ctx, buffer, messageImprint.count)
        }
        _ = TS_VERIFY_CTX_set_flags(ctx, Int32(flags))
        let verified = withExtendedLifetime(capture) { TS_RESP_verify_response(ctx, backing.ref) == 1 }
        guard verified else {
            let errors = OpenSSLErrorQueue.drain()
            let detail = errors.last.map { ": \($0)" } ?? ""
            return .failure(CryptoError(.timestampInvalid, "the timestamp's CMS signature or TSA chain does not verify at genTime\(detail)", openSSLErrors: errors))
        }
        return .success(())
    }

    /// The certificate named by the token's SignerInfo (issuer and serial), searched in
    /// `certificates` first, then among the certificates the token embeds.
    private func findSigner(among certificates: [Certificate]) -> Result<Certificate, CryptoError> {
        OpenSSLErrorQueue.clear()
        guard let token = TS_RESP_get_token(backing.ref) else {
            return .failure(OpenSSLErrorQueue.error(.internalError, "the response has no token"))
        }
        let offered: X509Stack
        do {
            offered = try X509Stack(borrowing: certificates)
        } catch {
            return .failure(error)
        }
        guard let found = PKCS7_get0_signers(token, offered.ref, 0) else {
            return .failure(OpenSSLErrorQueue.error(.timestampInvalid, "the timestamp signer certificate was not found"))
        }
        let signers = X509Stack(takingOwnership: found, ownsEntries: false).entries
        guard signers.count == 1, let x509 = signers.first,
              let signer = (certificates + embeddedCertificates).first(where: { X509_cmp($0.backing.ref, x509) == 0 })
        else { return .failure(CryptoError(.timestampInvalid, "the token must have exactly one known signer")) }
        return .success(signer)
    }

    /// The signer certificate when the token embeds it.
    func embeddedSigner() -> Certificate? {
        OpenSSLErrorQueue.clear()
        defer { OpenSSLErrorQueue.clear() }
        guard let token = TS_RESP_get_token(backing.ref), let found = PKCS7_get0_signers(token, nil, 0) else { return nil }
        let signers = X509Stack(takingOwnership: found, ownsEntries: false).entries
        guard signers.count == 1, let x509 = signers.first else { return nil }
        return embeddedCertificates.first { X509_cmp($0.backing.ref, x509) == 0 }
    }
}
