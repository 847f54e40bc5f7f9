public import Foundation

/// SLSA Verification Summary Attestation v1 (`https://slsa.dev/verification_summary/v1`, docs/formats.md §7.4).
///
/// Unknown members are ignored. `verificationResult` is kept as written; the policy requires `PASSED`.
public struct VerificationSummaryV1: Sendable, Hashable {
    /// The predicate type this struct models.
    public static let predicateType = PredicateType.verificationSummaryV1

    /// `verifier.id` (required).
    public var verifierID: String
    /// `verifier.version`.
    public var verifierVersion: [String: String]
    /// `timeVerified`.
    public var timeVerified: Date?
    /// `resourceUri` (required).
    public var resourceURI: String
    /// `policy.uri`.
    public var policyURI: String?
    /// `policy.digest`.
    public var policyDigest: [String: String]
    /// `inputAttestations`.
    public var inputAttestations: [ResourceDescriptor]
    /// `verificationResult`: `PASSED` or `FAILED`.
    public var verificationResult: String
    /// `verifiedLevels`, e.g. `SLSA_BUILD_LEVEL_3`.
    public var verifiedLevels: [String]
    /// `dependencyLevels`: level → count.
    public var dependencyLevels: [String: Int64]
    /// `slsaVersion`, e.g. `1.0`.
    public var slsaVersion: String?

    /// Reads the predicate (the Statement's `predicate` value).
    public static func parse(predicate: JSONValue, limits: Limits = .default) throws -> VerificationSummaryV1 {
        let p = try JSONReader(predicate, path: "predicate").object()
        let verifier = try p.object("verifier")
        let policy = try p.object("policy")
        let result = try p.string("verificationResult")
        guard result == "PASSED" || result == "FAILED" else {
            throw FormatError(.invalidField, "verificationResult must be PASSED or FAILED", field: p.childPath("verificationResult"))
        }
        var dependencyLevels: [String: Int64] = [:]
        if let d = try p.optionalObject("dependencyLevels") {
            for m in d.object { dependencyLevels[m.key] = try d.int64(m.key, allowString: false) }
        }
        return VerificationSummaryV1(
            verifierID: try verifier.nonEmptyString("id"),
            verifierVersion: try verifier.stringMap("version"),
            timeVerified: try p.optionalTimestamp("timeVerified"),
            resourceURI: try p.nonEmptyString("resourceUri"),
            policyURI: try policy.optionalString("uri"),
            policyDigest: try policy.stringMap("digest"),
            inputAttestations: try p.descriptors("inputAttestations", limits: limits),
            verificationResult: result,
            verifiedLevels: try p.optionalArray("verifiedLevels").map { try $0.string() },
            dependencyLevels: dependencyLevels,
            slsaVersion: try p.optionalString("slsaVersion"))
    }
}
