public import Foundation

/// A certificate authority or timestamp authority in a trusted root (protobuf `CertificateAuthority`).
///
/// `certChain` is in file order: leaf/intermediates first, the trust anchor last. `validFor` covers the
/// whole chain; a missing start means no lower bound (as in sigstore-go).
public struct CertificateAuthority: Sendable, Hashable {
    /// `subject.organization`, if present.
    public var subjectOrganization: String?
    /// `subject.commonName`, if present.
    public var subjectCommonName: String?
    /// `uri` (empty if absent).
    public var uri: String
    /// DER certificates in file order; never empty.
    public var certChain: [Data]
    /// When the authority may be used.
    public var validFor: TimeRange
    /// `operator`, if present.
    public var operatorName: String?

    /// Makes an authority.
    public init(subjectOrganization: String?, subjectCommonName: String?, uri: String, certChain: [Data],
                validFor: TimeRange, operatorName: String?) {
        self.subjectOrganization = subjectOrganization
        self.subjectCommonName = subjectCommonName
        self.uri = uri
        self.certChain = certChain
        self.validFor = validFor
        self.operatorName = operatorName
    }

    /// Parses a stand-alone `CertificateAuthority` JSON document.
    public static func parse(_ data: Data, limits: Limits = .default) throws -> CertificateAuthority {
        try read(JSONReader(JSONValue.parse(data, limits: limits), snakeCaseAliases: true).object(), limits: limits)
    }

    static func read(_ o: JSONObjectReader, limits: Limits) throws -> CertificateAuthority {
        let subject = try o.optionalObject("subject")
        let chainObject = try o.object("certChain")
        let chain = try chainObject.optionalArray("certificates", maxCount: limits.maxChainLength).map {
            try $0.object().nonEmptyBase64("rawBytes")
        }
        guard !chain.isEmpty else {
            throw FormatError(.missingField, "the certificate chain is empty", field: chainObject.childPath("certificates"))
        }
        let validFor = try o.optionalObject("validFor").map { try TimeRange.read($0, requireStart: false) }
            ?? TimeRange(start: .distantPast, end: nil)
        func nonEmpty(_ s: String?) -> String? { s?.isEmpty == false ? s : nil }
        return CertificateAuthority(
            subjectOrganization: nonEmpty(try subject?.optionalString("organization")),
            subjectCommonName: nonEmpty(try subject?.optionalString("commonName")),
            uri: try o.optionalString("uri") ?? "", certChain: chain, validFor: validFor,
            operatorName: nonEmpty(try o.optionalString("operator")))
    }
}
