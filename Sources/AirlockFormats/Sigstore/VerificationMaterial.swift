public import Foundation

/// A bundle's `verificationMaterial`: who signed (key hint or certificate) and the log and timestamp
/// evidence. Certificates here are never trust anchors; the verifier takes roots from the trusted root.
public struct VerificationMaterial: Sendable, Hashable {
    /// The signer's key material (protobuf `oneof content`).
    public enum Content: Sendable, Hashable {
        /// `publicKey.hint`: an unauthenticated selector into an out-of-band key ring (may be empty).
        case publicKey(hint: String)
        /// `x509CertificateChain.certificates[].rawBytes` (DER), leaf first (v0.1/v0.2 style).
        case x509CertificateChain([Data])
        /// `certificate.rawBytes` (DER leaf, v0.3 style).
        case certificate(Data)

        /// The leaf certificate (DER), if the content is certificate-based.
        public var leafCertificate: Data? {
            switch self {
            case .publicKey: nil
            case .x509CertificateChain(let chain): chain.first
            case .certificate(let der): der
            }
        }
    }

    /// The signer's key material.
    public var content: Content
    /// The transparency-log entries, in file order.
    public var tlogEntries: [TransparencyLogEntry]
    /// `timestampVerificationData.rfc3161Timestamps[].signedTimestamp` (DER TimeStampResp), in file order.
    public var rfc3161Timestamps: [Data]

    /// Makes verification material.
    public init(content: Content, tlogEntries: [TransparencyLogEntry], rfc3161Timestamps: [Data]) {
        self.content = content
        self.tlogEntries = tlogEntries
        self.rfc3161Timestamps = rfc3161Timestamps
    }

    static func read(_ o: JSONObjectReader, limits: Limits) throws -> VerificationMaterial {
        let pk = try o.optionalObject("publicKey")
        let chain = try o.optionalObject("x509CertificateChain")
        let cert = try o.optionalObject("certificate")
        let present = [pk, chain, cert].compactMap { $0 }
        guard present.count == 1 else {
            throw o.error(present.isEmpty ? .missingField : .invalidField,
                          present.isEmpty ? "one of publicKey, x509CertificateChain or certificate is required"
                                          : "only one of publicKey, x509CertificateChain or certificate may be present")
        }
        let content: Content
        if let pk {
            content = .publicKey(hint: try pk.optionalString("hint") ?? "")
        } else if let chain {
            let certs = try chain.optionalArray("certificates", maxCount: limits.maxChainLength).map {
                try $0.object().nonEmptyBase64("rawBytes")
            }
            guard !certs.isEmpty else {
                throw FormatError(.missingField, "the certificate chain is empty", field: chain.childPath("certificates"))
            }
            content = .x509CertificateChain(certs)
        } else {
            content = .certificate(try cert!.nonEmptyBase64("rawBytes"))
        }
        let entries = try o.optionalArray("tlogEntries", maxCount: limits.maxTlogEntries).map {
            try TransparencyLogEntry.read($0.object(), limits: limits)
        }
        let timestamps = try o.optionalObject("timestampVerificationData")?
            .optionalArray("rfc3161Timestamps", maxCount: limits.maxTimestamps)
            .map { try $0.object().nonEmptyBase64("signedTimestamp") } ?? []
        return VerificationMaterial(content: content, tlogEntries: entries, rfc3161Timestamps: timestamps)
    }
}
