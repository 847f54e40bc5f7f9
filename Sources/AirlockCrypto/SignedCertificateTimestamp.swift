public import Foundation

/// One RFC 6962 v1 signed certificate timestamp, as embedded in a Fulcio leaf
/// (extension 1.3.6.1.4.1.11129.2.4.2). Parsed by hand from the TLS encoding.
public struct SignedCertificateTimestamp: Sendable, Hashable {
    /// The SCT-list extension's OID.
    public static let extensionOID = "1.3.6.1.4.1.11129.2.4.2"

    /// The SCT version; only 0 (v1) is accepted.
    public var version: UInt8
    /// SHA-256 of the log's DER SubjectPublicKeyInfo (32 bytes).
    public var logID: Data
    /// When the log saw the precertificate, in milliseconds since the Unix epoch.
    public var timestamp: UInt64
    /// The SCT extensions (opaque; static-CT logs put a leaf index here). Covered by the signature.
    public var extensions: Data
    /// TLS HashAlgorithm (4 = sha256).
    public var hashAlgorithm: UInt8
    /// TLS SignatureAlgorithm (1 = rsa, 3 = ecdsa).
    public var signatureAlgorithm: UInt8
    /// The signature (DER for ECDSA).
    public var signature: Data

    /// Makes an SCT from its fields (the test kit's CT log uses `SCTSigner` instead).
    public init(
        version: UInt8 = 0, logID: Data, timestamp: UInt64, extensions: Data = Data(),
        hashAlgorithm: UInt8 = 4, signatureAlgorithm: UInt8 = 3, signature: Data
    ) {
        self.version = version
        self.logID = logID
        self.timestamp = timestamp
        self.extensions = extensions
        self.hashAlgorithm = hashAlgorithm
        self.signatureAlgorithm = signatureAlgorithm
        self.signature = signature
    }

    /// The log's timestamp as a `Date`.
    public var date: Date { Date(timeIntervalSince1970: TimeInterval(timestamp) / 1000) }

    /// The RFC 6962 `digitally-signed` input for a precert_entry (docs/formats.md §5.4, step 6):
    /// version, signature_type 0, timestamp, entry_type 1, issuer key hash, u24 TBS, u16 extensions.
    public func signedData(precertificateTBS: Data, issuerKeyHash: Data) -> Data {
        var writer = TLSWriter()
        writer.u8(version)
        writer.u8(0)  // certificate_timestamp
        writer.u64(timestamp)
        writer.u16(1)  // precert_entry
        writer.bytes(issuerKeyHash)
        writer.u24Prefixed(precertificateTBS)
        writer.u16Prefixed(extensions)
        return writer.data
    }

    /// Whether this SCT is a valid log signature over `leaf` issued by `issuer` (the certificate
    /// that issued the leaf in the verified chain). Accepts ECDSA P-256/SHA-256 and RSA PKCS#1 v1.5
    /// SHA-256, as ct-go does; the log ID must be the SHA-256 of `logKey`.
    public func verify(leaf: Certificate, issuer: Certificate, logKey: PublicKey) -> Bool {
        guard version == 0, hashAlgorithm == 4, logID == Digest.sha256(logKey.spkiDER) else { return false }
        let scheme: SignatureScheme
        switch (signatureAlgorithm, logKey.algorithm) {
        case (3, .ecdsaP256): scheme = .ecdsa(.sha256)
        case (1, .rsa): scheme = .rsaPKCS1v15(.sha256)
        default: return false
        }
        guard let tbs = try? leaf.precertificateTBS() else { return false }
        let message = signedData(precertificateTBS: tbs, issuerKeyHash: Digest.sha256(issuer.publicKey.spkiDER))
        return logKey.isValidSignature(signature, for: message, scheme: scheme)
    }

    /// The `SerializedSCT` TLS encoding of this SCT.
    public var serialized: Data {
        var writer = TLSWriter()
        writer.u8(version)
        writer.bytes(logID)
        writer.u64(timestamp)
        writer.u16Prefixed(extensions)
        writer.u8(hashAlgorithm)
        writer.u8(signatureAlgorithm)
        writer.u16Prefixed(signature)
        return writer.data
    }

    /// The extnValue contents of an SCT-list extension: a DER OCTET STRING holding the TLS
    /// `SignedCertificateTimestampList` (for the test kit's Fulcio).
    public static func encodeList(_ scts: [SignedCertificateTimestamp]) -> Data {
        var items = TLSWriter()
        for sct in scts { items.u16Prefixed(sct.serialized) }
        var list = TLSWriter()
        list.u16Prefixed(items.data)
        return DERReader.encode(tag: 0x04, list.data)
    }

    /// Parses the extnValue contents of an SCT-list extension.
    static func decodeList(_ extnValue: Data) throws -> [SignedCertificateTimestamp] {
        guard let tls = DERReader.content(of: extnValue, tag: 0x04) else {
            throw CryptoError(.malformedSCT, "the SCT-list extension is not a single DER OCTET STRING")
        }
        var list = TLSReader(tls)
        guard let items = list.u16Prefixed(), list.isAtEnd else {
            throw CryptoError(.malformedSCT, "the SCT list length does not match its contents")
        }
        var reader = TLSReader(items)
        var scts: [SignedCertificateTimestamp] = []
        while !reader.isAtEnd {
            guard let item = reader.u16Prefixed() else {
                throw CryptoError(.malformedSCT, "SCT \(scts.count + 1) is truncated")
            }
            scts.append(try decode(item, index: scts.count + 1))
        }
        return scts
    }

    private static func decode(_ bytes: Data, index: Int) throws -> SignedCertificateTimestamp {
        var reader = TLSReader(bytes)
        guard let version = reader.u8() else { throw CryptoError(.malformedSCT, "SCT \(index) is empty") }
        guard version == 0 else { throw CryptoError(.malformedSCT, "SCT \(index) has unsupported version \(version)") }
        guard let logID = reader.bytes(32), let timestamp = reader.u64(), let extensions = reader.u16Prefixed(),
              let hash = reader.u8(), let algorithm = reader.u8(), let signature = reader.u16Prefixed(), reader.isAtEnd
        else { throw CryptoError(.malformedSCT, "SCT \(index) is truncated or has trailing bytes") }
        return SignedCertificateTimestamp(
            version: version, logID: logID, timestamp: timestamp, extensions: extensions,
            hashAlgorithm: hash, signatureAlgorithm: algorithm, signature: signature
        )
    }
}

extension Certificate {
    /// The SCTs embedded in this certificate, in order (empty when there is no SCT-list extension).
    public func embeddedSCTs() throws -> [SignedCertificateTimestamp] {
        guard let value = extensionValue(oid: SignedCertificateTimestamp.extensionOID) else { return [] }
        return try SignedCertificateTimestamp.decodeList(value)
    }
}
