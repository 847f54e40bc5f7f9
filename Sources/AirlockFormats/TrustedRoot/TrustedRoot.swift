public import Foundation

/// A Sigstore `trusted_root.json` (protobuf `TrustedRoot`): the logs, CAs and TSAs a verifier trusts.
///
/// Decisions: unknown members are ignored (forward compatible); snake_case aliases are accepted;
/// unknown media types are rejected with `unsupportedVersion`; logs failing sigstore-go's rules are
/// parse errors, not silently dropped.
public struct TrustedRoot: Sendable, Hashable {
    /// The media types accepted (docs/formats.md §2.1).
    public static let mediaTypes: Set<String> = [
        MediaType.trustedRootV01Legacy, MediaType.trustedRootV01, MediaType.trustedRootV02,
    ]

    /// The media type as written.
    public var mediaType: String
    /// Rekor logs (v1 and v2).
    public var tlogs: [TransparencyLogInstance]
    /// Fulcio (or other) certificate authorities.
    public var certificateAuthorities: [CertificateAuthority]
    /// Certificate Transparency logs.
    public var ctlogs: [TransparencyLogInstance]
    /// RFC 3161 timestamp authorities.
    public var timestampAuthorities: [CertificateAuthority]

    /// Makes a trusted root.
    public init(mediaType: String, tlogs: [TransparencyLogInstance], certificateAuthorities: [CertificateAuthority],
                ctlogs: [TransparencyLogInstance], timestampAuthorities: [CertificateAuthority]) {
        self.mediaType = mediaType
        self.tlogs = tlogs
        self.certificateAuthorities = certificateAuthorities
        self.ctlogs = ctlogs
        self.timestampAuthorities = timestampAuthorities
    }

    /// Parses trusted-root JSON.
    public static func parse(_ data: Data, limits: Limits = .default) throws -> TrustedRoot {
        try read(JSONReader(JSONValue.parse(data, limits: limits), snakeCaseAliases: true).object(), limits: limits)
    }

    /// Reads a trusted root from a parsed object (e.g. `trustedRoot` inside a ClientTrustConfig).
    public static func read(_ o: JSONObjectReader, limits: Limits = .default) throws -> TrustedRoot {
        let mediaType = try o.string("mediaType")
        guard mediaTypes.contains(mediaType) else {
            throw FormatError(.unsupportedVersion, "unsupported trusted root media type \"\(mediaType.prefix(100))\"",
                              field: o.childPath("mediaType"))
        }
        return TrustedRoot(
            mediaType: mediaType,
            tlogs: try o.optionalArray("tlogs").map { try TransparencyLogInstance.read($0.object()) },
            certificateAuthorities: try o.optionalArray("certificateAuthorities").map {
                try CertificateAuthority.read($0.object(), limits: limits)
            },
            ctlogs: try o.optionalArray("ctlogs").map { try TransparencyLogInstance.read($0.object()) },
            timestampAuthorities: try o.optionalArray("timestampAuthorities").map {
                try CertificateAuthority.read($0.object(), limits: limits)
            })
    }

    /// The tlog whose `logId` (or `checkpointKeyId`) equals `logID`, if any.
    public func tlog(withID logID: Data) -> TransparencyLogInstance? {
        tlogs.first { $0.logID == logID } ?? tlogs.first { $0.checkpointKeyID == logID }
    }

    /// The CT log whose `logId` equals `logID`, if any.
    public func ctlog(withID logID: Data) -> TransparencyLogInstance? {
        ctlogs.first { $0.logID == logID }
    }
}
