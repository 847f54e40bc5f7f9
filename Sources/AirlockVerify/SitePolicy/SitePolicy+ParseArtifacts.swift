extension SitePolicy {
    /// `match.artifacts`: path globs over the plain files of a bundle (release artifacts). A rule selects
    /// images or artifacts, never both: mixing them would let one requirement list decide two kinds of
    /// subject whose evidence is found differently (D21).
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

extension SitePolicy {
    /// `platforms: all`: an image index passes only when every platform manifest passes, each with the
    /// index's evidence and its own (D22). `all` is the only value; artifacts have no platforms.
    static func parsePlatforms(_ node: PolicyNode, artifacts: Bool) throws(SitePolicyError) -> Bool {
        guard let value = try node.optionalString("platforms") else { return false }
        guard value == "all" else {
            throw SitePolicyError(.invalidValue, "the only value is \"all\" (every platform of an index must pass)", path: node.child("platforms"))
        }
        guard !artifacts else {
            throw SitePolicyError(.invalidValue, "artifacts have no platforms", path: node.child("platforms"))
        }
        return true
    }
}
