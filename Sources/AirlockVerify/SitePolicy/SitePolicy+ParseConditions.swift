import AirlockFormats

extension SitePolicy {
    static func parseSLSA(_ value: JSONValue, path: String) throws(SitePolicyError) -> SLSARequirement {
        let node = try PolicyNode(value, path: path, allowed: [
            "builderIDs", "buildTypes", "sourceRepository", "branch", "tag", "versionedTag", "refPattern",
            "sourceCommit", "externalParameters", "certificateCrossCheck",
        ])
        guard let builders = try node.optionalStringList("builderIDs") else {
            throw SitePolicyError(.missingField, "\"builderIDs\" is required: provenance from an untrusted builder proves nothing",
                                  path: node.child("builderIDs"))
        }
        var refRules: [SLSARequirement.RefRule] = []
        if let branch = try node.optionalString("branch") { refRules.append(.branch(branch)) }
        if let tag = try node.optionalString("tag") { refRules.append(.tag(tag)) }
        if let tag = try node.optionalString("versionedTag") {
            guard SemanticTag(tag) != nil else {
                throw SitePolicyError(.invalidValue, "\"\(tag)\" is not a v-prefixed semantic version like v1, v1.2, v1.2.3 or v1.2.3-rc.1",
                                      path: node.child("versionedTag"))
            }
            refRules.append(.versionedTag(tag))
        }
        if let pattern = try node.optionalRegex("refPattern") { refRules.append(.pattern(pattern)) }
        guard refRules.count <= 1 else {
            throw SitePolicyError(.invalidValue, "give at most one of branch, tag, versionedTag and refPattern", path: path)
        }
        var external: JSONObject?
        if node.has("externalParameters") {
            guard let object = try node.value("externalParameters").objectValue, object.count > 0 else {
                throw SitePolicyError(.emptyRequirement, "externalParameters must be a non-empty object", path: node.child("externalParameters"))
            }
            external = object
        }
        var commit: String?
        if let value = try node.optionalString("sourceCommit") {
            guard Hex.isLowercaseHex(value), value.count == 40 || value.count == 64 else {
                throw SitePolicyError(.invalidValue, "sourceCommit must be a 40- or 64-digit lowercase hex commit", path: node.child("sourceCommit"))
            }
            commit = value
        }
        return SLSARequirement(
            builderIDs: builders, buildTypes: try node.optionalStringList("buildTypes") ?? [],
            sourceRepository: try node.optionalString("sourceRepository").map(SourceFacts.normaliseRepository),
            ref: refRules.first, sourceCommit: commit, externalParameters: external,
            certificateCrossCheck: try node.optionalBool("certificateCrossCheck") ?? true)
    }

    static func parseCondition(_ value: JSONValue, path: String) throws(SitePolicyError) -> PredicateCondition {
        guard let object = value.objectValue else {
            throw SitePolicyError(.invalidValue, "a condition must be an object", path: path)
        }
        let operators = ["equals", "matches", "in"]
        for key in object.keys where key != "path" && !operators.contains(key) {
            throw SitePolicyError(.unknownCondition, "unknown condition \"\(key)\" (known: equals, matches, in)", path: PolicyNode.join(path, key))
        }
        let node = try PolicyNode(value, path: path, allowed: Set(operators + ["path"]))
        let text = try node.string("path")
        guard let components = JSONPathComponent.parse(text) else {
            throw SitePolicyError(.invalidValue, "path \"\(text)\" is not dotted keys with [n] indices", path: node.child("path"))
        }
        let present = operators.filter(node.has)
        guard present.count == 1 else {
            throw SitePolicyError(present.isEmpty ? .missingField : .invalidValue,
                                  "a condition needs exactly one of equals, matches, in", path: path)
        }
        let op: PredicateCondition.Operator
        switch present[0] {
        case "equals": op = .equals(try node.value("equals"))
        case "matches": op = .matches(try node.optionalRegex("matches")!)
        default: op = .oneOf(try node.list("in"))
        }
        return PredicateCondition(path: text, components: components, op: op)
    }
}
