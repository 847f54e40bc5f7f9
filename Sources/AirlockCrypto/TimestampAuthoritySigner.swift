public import Foundation
import COpenSSL

/// An RFC 3161 timestamp authority, for the test kit's miniature TSA: produces DER
/// `TimeStampResp`s at a chosen instant under Sigstore's TSA policy OID. Not used when verifying.
public struct TimestampAuthoritySigner: Sendable {
    /// The policy OID of the Sigstore TSA.
    public static let sigstorePolicyOID = "1.3.6.1.4.1.57264.2"

    /// The signing certificate (must carry a critical, timeStamping-only EKU).
    public let certificate: Certificate
    /// The signing key (ECDSA or RSA; CMS in OpenSSL 3.0 cannot sign with Ed25519).
    public let key: PrivateKey
    /// Certificates embedded after the signer when `embedCertificates` is set (intermediates, root).
    public let chain: [Certificate]

    /// Makes a TSA.
    public init(certificate: Certificate, key: PrivateKey, chain: [Certificate]) {
        self.certificate = certificate
        self.key = key
        self.chain = chain
    }

    /// A granted `TimeStampResp` over `hash(data)` with genTime `time` (microsecond precision kept
    /// when `time` has a fraction) and the given serial number.
    public func response(
        for data: Data, hash: DigestAlgorithm = .sha256, at time: Date, embedCertificates: Bool = true, serial: UInt64
    ) throws -> Data {
        OpenSSLErrorQueue.clear()
        guard let ctx = TS_RESP_CTX_new() else { throw OpenSSLErrorQueue.error(.internalError, "TS_RESP_CTX_new failed") }
        defer { TS_RESP_CTX_free(ctx) }
        guard TS_RESP_CTX_set_signer_cert(ctx, certificate.backing.ref) == 1 else {
            throw OpenSSLErrorQueue.error(.invalidInput, "the TSA certificate must have a critical extendedKeyUsage of timeStamping only")
        }
        guard TS_RESP_CTX_set_signer_key(ctx, key.backing.ref) == 1 else {
            throw OpenSSLErrorQueue.error(.invalidInput, "the TSA key was refused")
        }
        if embedCertificates && !chain.isEmpty {
            let stack = try X509Stack(borrowing: chain)  // TS_RESP_CTX_set_certs takes its own references
            guard TS_RESP_CTX_set_certs(ctx, stack.ref) == 1 else { throw OpenSSLErrorQueue.error(.internalError, "TS_RESP_CTX_set_certs failed") }
        }
        let policy = try OpenSSL.object(fromOID: Self.sigstorePolicyOID)
        defer { ASN1_OBJECT_free(policy) }
        guard TS_RESP_CTX_set_def_policy(ctx, policy) == 1,
              TS_RESP_CTX_add_md(ctx, FetchedDigest.of(hash)) == 1
        else { throw OpenSSLErrorQueue.error(.internalError, "configuring the TSA failed") }

        let seconds = time.timeIntervalSince1970.rounded(.down)
        var clock = TSAClock(seconds: Int(seconds), microseconds: Int(((time.timeIntervalSince1970 - seconds) * 1_000_000).rounded()), serial: serial)
        if clock.microseconds >= 1_000_000 { (clock.seconds, clock.microseconds) = (clock.seconds + 1, 0) }
        if clock.microseconds > 0 { _ = TS_RESP_CTX_set_clock_precision_digits(ctx, 6) }
        let request = try Self.request(digest: Digest.hash(data, using: hash), algorithm: hash, certificateRequested: embedCertificates)
        let response: OpaquePointer? = try withUnsafeMutablePointer(to: &clock) { pointer in
            TS_RESP_CTX_set_time_cb(ctx, { _, data, sec, usec in
                guard let clock = data?.assumingMemoryBound(to: TSAClock.self).pointee else { return 0 }
                sec?.pointee = clock.seconds
                usec?.pointee = clock.microseconds
                return 1
            }, pointer)
            TS_RESP_CTX_set_serial_cb(ctx, { _, data in
                guard let serial = data?.assumingMemoryBound(to: TSAClock.self).pointee.serial,
                      let integer = ASN1_INTEGER_new() else { return nil }
                guard ASN1_INTEGER_set_uint64(integer, serial) == 1 else {
                    ASN1_INTEGER_free(integer)
                    return nil
                }
                return integer
            }, pointer)
            return try OpenSSL.withReadBIO(request) { TS_RESP_create_response(ctx, $0) }
        }
        guard let response else { throw OpenSSLErrorQueue.error(.internalError, "TS_RESP_create_response failed") }
        defer { TS_RESP_free(response) }
        let status = ASN1_INTEGER_get(TS_STATUS_INFO_get0_status(TS_RESP_get_status_info(response)))
        guard status == 0 || status == 1 else {
            throw OpenSSLErrorQueue.error(.signatureFailure, "the TSA refused the request (PKIStatus \(status))")
        }
        return try OpenSSL.encode("TimeStampResp") { i2d_TS_RESP(response, $0) }
    }

    /// A DER `TimeStampReq` (version 1) for a digest.
    private static func request(digest: Data, algorithm: DigestAlgorithm, certificateRequested: Bool) throws -> Data {
        guard let request = TS_REQ_new(), let imprint = TS_MSG_IMPRINT_new(), let algor = X509_ALGOR_new() else {
            throw OpenSSLErrorQueue.error(.internalError, "allocation failed")
        }
        defer {
            TS_REQ_free(request)
            TS_MSG_IMPRINT_free(imprint)
            X509_ALGOR_free(algor)
        }
        let object = OBJ_nid2obj(EVP_MD_get_type(FetchedDigest.of(algorithm)))
        let ok = X509_ALGOR_set0(algor, object, V_ASN1_NULL, nil) == 1
            && TS_MSG_IMPRINT_set_algo(imprint, algor) == 1
            && digest.withUnsafeBytes {
                TS_MSG_IMPRINT_set_msg(imprint, UnsafeMutablePointer(mutating: $0.baseAddress!.assumingMemoryBound(to: UInt8.self)), Int32($0.count))
            } == 1
            && TS_REQ_set_version(request, 1) == 1
            && TS_REQ_set_msg_imprint(request, imprint) == 1
            && TS_REQ_set_cert_req(request, certificateRequested ? 1 : 0) == 1
        guard ok else { throw OpenSSLErrorQueue.error(.internalError, "building the TimeStampReq failed") }
        return try OpenSSL.encode("TimeStampReq") { i2d_TS_REQ(request, $0) }
    }
}

/// The instant and serial handed to OpenSSL's TSA callbacks.
private struct TSAClock {
    var seconds: Int
    var microseconds: Int
    var serial: UInt64
}
