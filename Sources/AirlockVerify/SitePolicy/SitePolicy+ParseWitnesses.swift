import AirlockFormats

extension SitePolicy {
    /// `witnesses: {threshold: N, names: [...]}` (docs/decisions.md D24): N ≥ 1; when names are given,
    /// at least N distinct ones.
    static func parseWitnesses(_ value: JSONValue, path: String) throws(SitePolicyError) -> WitnessRequirement {
        let node = try PolicyNode(value, path: path, allowed: ["threshold", "names"])
        guard let threshold = try node.optionalInt("threshold") else {
            throw SitePolicyError(.missingField, "\"threshold\" is required (how many distinct witnesses must cosign)", path: node.child("threshold"))
        }
        let names = try node.optionalStringList("names") ?? []
        guard threshold >= 1 else {
            throw SitePolicyError(.invalidValue, "threshold must be at least 1", path: node.child("threshold"))
        }
        if node.has("names") {
            guard !names.isEmpty, Set(names).count == names.count else {
                throw SitePolicyError(.invalidValue, "names must be a non-empty list of distinct witness names", path: node.child("names"))
            }
            guard threshold <= names.count else {
                throw SitePolicyError(.invalidValue, "threshold must be between 1 and the number of names (\(names.count))", path: node.child("threshold"))
            }
        }
        return WitnessRequirement(threshold: Int(threshold), names: names)
    }
}
