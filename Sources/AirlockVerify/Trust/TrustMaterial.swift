public import Foundation
public import AirlockCrypto
public import AirlockFormats

/// A transparency or CT log from the trust root, with its key parsed once.
public struct TrustedLog: Sendable {
    /// The trust-root entry.
    public var instance: TransparencyLogInstance
    /// Its public key.
    public var key: PublicKey
    /// Lowercase hex of `logId.keyId`.
    public var logIDHex: String
}

/// A certificate or timestamping authority from the trust root, with its chain parsed once.
public struct TrustedAuthority: Sendable {
    /// The trust-root entry.
    public var authority: CertificateAuthority
    /// The chain in trust-root order (leaf or intermediates first, anchor last).
    public var chain: [Certificate]
    /// Path building: every chain certificate is an anchor, because the links up to the root were
    /// verified once when the trust material was built.
    public var pool: CertificatePool
    /// For a TSA: the signing leaf named by the trust root (the first certificate when it is not a CA).
    public var timestampLeaf: Certificate?
    /// Intermediates (between leaf and anchor).
    public var intermediates: [Certificate]
}

/// The trust root with every key and certificate parsed once, so that verifying many bundles pays
/// for parsing and store building only once.
public struct TrustMaterial: Sendable {
    /// The parsed trust root.
    public let root: TrustedRoot
    /// SHA-256 of the trust root bytes (hex), recorded in results and verdicts.
    public let digest: String
    /// Transparency logs by lowercase hex log id (and by checkpoint key id for Rekor v2).
    public let tlogs: [String: TrustedLog]
    /// CT logs by lowercase hex log id.
    public let ctlogs: [String: TrustedLog]
    /// Fulcio-style certificate authorities.
    public let certificateAuthorities: [TrustedAuthority]
    /// RFC 3161 timestamping authorities.
    public let timestampAuthorities: [TrustedAuthority]
    /// Logs left out because their key cannot be used (for example a deprecated raw PKCS#1 key);
    /// an entry or SCT from them then counts as from an unknown log.
    public let unusableLogs: [String]

    /// Parses a `trusted_root.json` and prepares its material.
    public init(json: Data, limits: Limits = .default) throws {
        let root = try TrustedRoot.parse(json, limits: limits)
        try self.init(root: root, digest: Hex.encode(Digest.sha256(json)))
    }

    /// Prepares the material of an already parsed trust root.
    public init(root: TrustedRoot, digest: String) throws {
        self.root = root
        self.digest = digest
        var unusable: [String] = []
        var tlogs: [String: TrustedLog] = [:]
        for (i, log) in root.tlogs.enumerated() {
            guard let entry = Self.trustedLog(log, field: "tlogs[\(i)]", unusable: &unusable) else { continue }
            tlogs[entry.logIDHex] = entry
            if let checkpointKeyID = log.checkpointKeyID, !checkpointKeyID.isEmpty {
                tlogs[Hex.encode(checkpointKeyID)] = entry
            }
        }
        var ctlogs: [String: TrustedLog] = [:]
        for (i, log) in root.ctlogs.enumerated() {
            guard let entry = Self.trustedLog(log, field: "ctlogs[\(i)]", unusable: &unusable) else { continue }
            ctlogs[entry.logIDHex] = entry
        }
        self.tlogs = tlogs
        self.ctlogs = ctlogs
        self.unusableLogs = unusable
        self.certificateAuthorities = try root.certificateAuthorities.enumerated().map {
            try Self.authority($0.element, field: "certificateAuthorities[\($0.offset)]", timestamping: false)
        }
        self.timestampAuthorities = try root.timestampAuthorities.enumerated().map {
            try Self.authority($0.element, field: "timestampAuthorities[\($0.offset)]", timestamping: true)
        }
    }

    private static func trustedLog(_ log: TransparencyLogInstance, field: String, unusable: inout [String]) -> TrustedLog? {
        do {
            let key = try PublicKey(spkiDER: log.publicKey.rawBytes)
            return TrustedLog(instance: log, key: key, logIDHex: Hex.encode(log.logID))
        } catch {
            unusable.append("\(field) \(log.baseURL) (\(log.publicKey.keyDetails)): \(error)")
            return nil
        }
    }

    private static func authority(_ authority: CertificateAuthority, field: String, timestamping: Bool) throws -> TrustedAuthority {
        guard !authority.certChain.isEmpty else {
            throw FormatError(.missingField, "authority has no certificates", field: "\(field).certChain")
        }
        let chain: [Certificate]
        do {
            chain = try authority.certChain.map { try Certificate(der: $0) }
        } catch {
            throw FormatError(.invalidField, "certificate does not parse: \(error)", field: "\(field).certChain")
        }
        var rest = chain
        let anchor = rest.removeLast()
        var leaf: Certificate?
        if timestamping, let first = rest.first, !first.isCA {
            leaf = first
            rest.removeFirst()
        }
        // The links inside a chain never change: check them once here, then every chain certificate may
        // anchor path building (a leaf may be issued by any of them), so each verification pays for the leaf's signature only. The
        // validity of every chain certificate is still checked at each verified time (CertificateStep).
        for (index, pair) in zip(chain, chain.dropFirst()).enumerated() where !pair.0.isIssued(by: pair.1) {
            throw FormatError(.invalidField, "certificate \(index) is not issued by certificate \(index + 1)", field: "\(field).certChain")
        }
        _ = anchor
        return TrustedAuthority(
            authority: authority, chain: chain, pool: CertificatePool(anchors: chain),
            timestampLeaf: leaf, intermediates: rest)
    }
}
