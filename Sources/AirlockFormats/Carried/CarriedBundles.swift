public import Foundation

/// One Sigstore bundle found in a file an operator carries, with where it came from.
public struct CarriedBundle: Sendable {
    /// The file's format: `sigstore-bundle`, `cosign-blob-bundle`, `pep740` or `npm-attestations`.
    public var carrier: String
    /// What the bundle is inside the file (an npm predicate type, `attestation N`), nil for a plain bundle.
    public var label: String?
    /// The bundle (converted when the carrier is not a Sigstore bundle).
    public var bundle: SigstoreBundle
}

/// Reads the Sigstore bundles out of one JSON document: a Sigstore bundle, a cosign legacy blob bundle,
/// a PyPI PEP 740 attestation (or Integrity API response), or an npm attestations document. Pure.
public enum CarriedBundles {
    /// Why a signature with no log entry and no timestamp is refused.
    public static let noSigningTime = "a detached signature with no transparency-log entry and no RFC 3161 timestamp cannot be verified offline: nothing proves when it was signed, so the short-lived certificate cannot be checked as valid at signing time"

    /// The bundles in `data`. Throws `FormatError`, also for a bare base64 signature (a detached `.sig`).
    public static func read(_ data: Data, limits: Limits = .default) throws -> [CarriedBundle] {
        let first = data.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
        if let first, first != UInt8(ascii: "{"), Base64.decode(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) != nil {
            throw FormatError(.unsupportedVersion, noSigningTime)
        }
        let o = try JSONReader(JSONValue.parse(data, limits: limits), snakeCaseAliases: true).object()
        if CosignBlobBundle.matches(o) {
            return [CarriedBundle(carrier: "cosign-blob-bundle", label: nil, bundle: try CosignBlobBundle.bundle(o, limits: limits))]
        }
        if PEP740Attestation.matches(o) {
            return try PEP740Attestation.bundles(o, limits: limits).enumerated().map {
                CarriedBundle(carrier: "pep740", label: "attestation \($0.offset + 1)", bundle: $0.element)
            }
        }
        if NPMAttestations.matches(o) {
            return try NPMAttestations.bundles(o, limits: limits).map {
                CarriedBundle(carrier: "npm-attestations", label: $0.predicateType, bundle: $0.bundle)
            }
        }
        return [CarriedBundle(carrier: "sigstore-bundle", label: nil, bundle: try SigstoreBundle.read(o, limits: limits))]
    }
}
