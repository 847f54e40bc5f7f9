import Foundation

/// The npm registry's attestations document (`GET /-/npm/v1/attestations/NAME@VERSION`):
/// `{"attestations": [{"predicateType", "bundle"}]}`, usually one publish attestation (signed by the
/// registry key) and one SLSA provenance (keyless). Each `bundle` is an ordinary Sigstore bundle.
public enum NPMAttestations {
    /// Whether a parsed top-level object is an npm attestations document.
    public static func matches(_ o: JSONObjectReader) -> Bool {
        ((try? o.optionalValue("attestations")) ?? nil) != nil && ((try? o.optionalValue("mediaType")) ?? nil) == nil
    }

    /// Every bundle with its predicate type, in document order. Throws `FormatError`.
    public static func bundles(_ o: JSONObjectReader, limits: Limits = .default) throws -> [(predicateType: String?, bundle: SigstoreBundle)] {
        let items = try o.array("attestations", maxCount: limits.maxTlogEntries)
        guard !items.isEmpty else { throw o.error(.missingField, "the npm attestations document holds no attestation") }
        return try items.map { item in
            let a = try item.object()
            return (try a.optionalString("predicateType"), try SigstoreBundle.read(a.object("bundle"), limits: limits))
        }
    }
}
