extension SitePolicy {
    /// `match.artifacts`: path globs over the plain files of a bundle (release artifacts). A rule selects
    /// images or artifacts, never both: mixing them would let one requirement list decide two kinds of
    /// subject whose evidence is found differently (D-carriers-1).
    static func parseArtifactSelectors(_ match: PolicyNode, imageSelectors: Int) throws(SitePolicyError) -> [ImageSelector] {
        guard let globs = try match.optionalStringList("artifacts") else { return [] }
        guard imageSelectors == 0 else {
            throw SitePolicyError(.invalidValue, "a rule matches images (\"names\", \"digests\") or artifacts, not both", path: match.child("artifacts"))
        }
        guard !globs.isEmpty else {
            throw SitePolicyError(.emptyRequirement, "an empty \"artifacts\" list selects nothing", path: match.child("artifacts"))
        }
        return globs.map(ImageSelector.artifact)
    }
}
