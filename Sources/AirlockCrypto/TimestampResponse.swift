public import Foundation
import COpenSSL

/// An RFC 3161 `TimeStampResp` (the form Sigstore bundles carry in
/// `timestampVerificationData.rfc3161Timestamps[].signedTimestamp`), decoded once.
public struct TimestampResponse: Sendable {
    let backing: TSResponseRef
    /// The DER encoding, as given.
    public let der: Data
    /// The TSTInfo genTime, including fractional seconds when the TSA sent them.
    public let genTime: Date
    /// The dotted OID of the message-imprint hash algorithm.
    public let hashAlgorithmOID: String
    /// The imprint hash algorithm, or nil when it is one Airlock refuses (SHA-1, MD5, unknown).
    public let hashAlgorithm: DigestAlgorithm?
    /// The hashed message (the imprint digest bytes).
    public let messageImprint: Data
    /// The certificates embedded in the token's SignedData, in order.
    public let embeddedCertificates: [Certificate]
    /// The TSA policy OID, dotted.
    public let policyOID: String?
    /// The TSTInfo serial number as upper-case hex.
    public let serialNumberHex: String

    /// Decodes a DER `TimeStampResp`; the status must be granted (0) or grantedWithMods (1).
    public init(der: Data) throws {
        OpenSSLErrorQueue.clear()
        let (response, consumedAll) = OpenSSL.decode(der) { d2i_TS_RESP(nil, $0, $1) }
        guard let response else { throw OpenSSLErrorQueue.error(.malformedTimestamp, "not a DER RFC 3161 TimeStampResp") }
        let backing = TSResponseRef(takingOwnership: response)
        guard consumedAll else { throw CryptoError(.malformedTimestamp, "trailing bytes after the TimeStampResp") }
        let status = ASN1_INTEGER_get(TS_STATUS_INFO_get0_status(TS_RESP_get_status_info(response)))
        guard status == 0 || status == 1 else {
            throw CryptoError(.malformedTimestamp, "the timestamp was not granted (PKIStatus \(status))")
        }
        guard let token = TS_RESP_get_token(response), let info = TS_RESP_get_tst_info(response) else {
            throw CryptoError(.malformedTimestamp, "a granted TimeStampResp without a token")
        }
        guard let genTime = Self.generalizedTime(TS_TST_INFO_get_time(info)) else {
            throw OpenSSLErrorQueue.error(.malformedTimestamp, "unreadable genTime")
        }
        let imprint = TS_TST_INFO_get_msg_imprint(info)
        var algorithm: OpaquePointer?
        X509_ALGOR_get0(&algorithm, nil, nil, TS_MSG_IMPRINT_get_algo(imprint))
        self.backing = backing
        self.der = der
        self.genTime = genTime
        self.hashAlgorithmOID = OpenSSL.oidString(algorithm)
        self.hashAlgorithm = Self.digestOIDs[hashAlgorithmOID]
        self.messageImprint = OpenSSL.bytes(of: TS_MSG_IMPRINT_get_msg(imprint))
        self.policyOID = TS_TST_INFO_get_policy_id(info).map { OpenSSL.oidString($0) }
        self.serialNumberHex = OpenSSL.hex(TS_TST_INFO_get_serial(info))
        self.embeddedCertificates = try Self.certificates(in: token)
    }

    /// The digest OIDs accepted for message imprints.
    static let digestOIDs: [String: DigestAlgorithm] = [
        "2.16.840.1.101.3.4.2.1": .sha256,
        "2.16.840.1.101.3.4.2.2": .sha384,
        "2.16.840.1.101.3.4.2.3": .sha512,
    ]

    private static func certificates(in token: UnsafeMutablePointer<PKCS7>) throws -> [Certificate] {
        guard OBJ_obj2nid(token.pointee.type) == NID_pkcs7_signed, let signed = token.pointee.d.sign else {
            throw CryptoError(.malformedTimestamp, "the timestamp token is not CMS SignedData")
        }
        guard let stack = signed.pointee.cert else { return [] }
        return try X509Stack.entries(of: stack).map { x509 in
            let der = try OpenSSL.encode("embedded certificate") { i2d_X509(x509, $0) }
            return try Certificate(der: der)
        }
    }

    /// GeneralizedTime `YYYYMMDDHHMMSS[.fff…]Z` with its fraction (libcrypto drops fractions).
    private static func generalizedTime(_ time: UnsafePointer<ASN1_GENERALIZEDTIME>?) -> Date? {
        guard let whole = OpenSSL.date(time) else { return nil }
        let text = String(decoding: OpenSSL.bytes(of: time), as: UTF8.self)
        guard let dot = text.firstIndex(of: "."), text.hasSuffix("Z") else { return whole }
        let digits = text[text.index(after: dot)..<text.index(before: text.endIndex)]
        guard !digits.isEmpty, digits.allSatisfy(\.isASCII), let fraction = Double("0." + digits) else { return nil }
        return whole.addingTimeInterval(fraction)
    }
}

/// Owns one `TS_RESP`.
///
/// `@unchecked Sendable`: the response is only read after decoding; verification passes it to
/// `TS_RESP_verify_response`, which reads it and keeps all mutable state in its own context.
final class TSResponseRef: @unchecked Sendable {
    let ref: OpaquePointer

    /// Wraps a response; takes over the caller's +1 reference.
    init(takingOwnership ref: OpaquePointer) {
        self.ref = ref
    }

    deinit { TS_RESP_free(ref) }
}
