public import Foundation
public import AirlockCrypto

/// A Fulcio-style certificate authority: a self-signed P-256 root and an intermediate without EKU,
/// issuing ten-minute code-signing leaves for ephemeral keys, with the Fulcio extensions and an
/// embedded SCT list (docs/formats.md §5).
public struct MiniFulcio: Sendable {
    /// The code-signing EKU (1.3.6.1.5.5.7.3.3).
    public static let codeSigningEKU = "1.3.6.1.5.5.7.3.3"
    /// The TLS server EKU, used for a leaf that must not verify as code signing.
    public static let serverAuthEKU = "1.3.6.1.5.5.7.3.1"

    /// The root key.
    public let rootKey: PrivateKey
    /// The self-signed root.
    public let root: Certificate
    /// The intermediate key (issues leaves).
    public let intermediateKey: PrivateKey
    /// The intermediate certificate.
    public let intermediate: Certificate
    /// The common name of the root (CA) or signing certificate (TSA), listed in the trust root.
    public let name: String
    /// The trust root's `uri` for this CA.
    public let uri: String

    /// A CA whose certificates are valid from a year before `baseTime` for ten years.
    public init(baseTime: Date, name: String = "mini-fulcio", uri: String = "https://fulcio.mini.test") throws {
        let ca = MiniCA(around: baseTime)
        (rootKey, root) = try ca.certificate(commonName: name, serial: 1, pathLength: 1)
        (intermediateKey, intermediate) = try ca.certificate(commonName: "\(name)-intermediate", serial: 2, pathLength: 0,
                                                             issuer: (rootKey, root))
        self.uri = uri
        self.name = name
    }

    /// The trust-root chain: intermediate first, root last.
    public var chain: [Certificate] { [intermediate, root] }

    /// How a leaf is issued.
    public struct LeafOptions: Sendable {
        /// Start of validity (Fulcio: the issuance instant).
        public var notBefore: Date
        /// Validity length in seconds (Fulcio: 10 minutes).
        public var lifetime: TimeInterval
        /// EKUs (default: code signing only).
        public var extendedKeyUsages: [String]
        /// CT logs that each add one SCT to the embedded list (empty: no SCT extension).
        public var ctLogs: [MiniCTLog]
        /// Flip the last byte of every SCT signature (still valid DER, invalid signature).
        public var tamperSCTSignatures: Bool

        /// Options for a normal Fulcio leaf.
        public init(notBefore: Date, lifetime: TimeInterval = 600, extendedKeyUsages: [String] = [MiniFulcio.codeSigningEKU],
                    ctLogs: [MiniCTLog] = [], tamperSCTSignatures: Bool = false) {
            self.notBefore = notBefore
            self.lifetime = lifetime
            self.extendedKeyUsages = extendedKeyUsages
            self.ctLogs = ctLogs
            self.tamperSCTSignatures = tamperSCTSignatures
        }
    }

    /// Issues a leaf for `key` and `identity`. With CT logs, the certificate is first built without
    /// the SCT extension (its TBS is the precertificate TBS the SCTs sign), then rebuilt identically
    /// with the SCT-list extension appended last.
    public func issueLeaf(for key: PublicKey, identity: Identity, options: LeafOptions) throws -> Certificate {
        var builder = CertificateBuilder(
            publicKey: key, notBefore: options.notBefore, notAfter: options.notBefore.addingTimeInterval(options.lifetime))
        builder.keyUsage = .digitalSignature
        builder.extendedKeyUsages = options.extendedKeyUsages
        builder.subjectAlternativeNames = [identity.subjectAlternativeName]
        builder.sanCritical = true
        builder.customExtensions = Self.fulcioExtensions(identity)
        let precertificate = try builder.sign(issuerKey: intermediateKey, issuer: intermediate)
        guard !options.ctLogs.isEmpty else { return precertificate }
        let issuerKeyHash = Digest.sha256(intermediate.publicKey.spkiDER)
        var scts = try options.ctLogs.map {
            try $0.sct(precertificateTBS: precertificate.tbsDER, issuerKeyHash: issuerKeyHash, timestamp: options.notBefore)
        }
        if options.tamperSCTSignatures {
            for i in scts.indices { scts[i].signature[scts[i].signature.index(before: scts[i].signature.endIndex)] ^= 0x01 }
        }
        builder.customExtensions.append((SignedCertificateTimestamp.extensionOID, false, SignedCertificateTimestamp.encodeList(scts)))
        return try builder.sign(issuerKey: intermediateKey, issuer: intermediate)
    }

    /// The Fulcio extensions: .1 (raw issuer bytes), .8 (DER UTF8String issuer), then the CI
    /// extensions in OID order.
    static func fulcioExtensions(_ identity: Identity) -> [CertificateBuilder.CustomExtension] {
        var result: [CertificateBuilder.CustomExtension] = [
            ("1.3.6.1.4.1.57264.1.1", false, Data(identity.issuer.utf8)),
            ("1.3.6.1.4.1.57264.1.8", false, DERWriter.utf8String(identity.issuer)),
        ]
        let sorted = identity.extensions.sorted { lastArc($0.key) < lastArc($1.key) }
        for (oid, value) in sorted {
            result.append((oid, false, DERWriter.utf8String(value)))
        }
        return result
    }

    private static func lastArc(_ oid: String) -> Int { Int(oid.split(separator: ".").last ?? "") ?? 0 }
}
