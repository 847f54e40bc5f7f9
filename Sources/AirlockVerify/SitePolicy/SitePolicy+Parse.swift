public import AirlockFormats
import AirlockCrypto

extension SitePolicy {
    /// Reads and validates a policy document (already decoded from YAML or JSON). `pinnedTrustRoots`
    /// are the names of the roots built into the appliance; a rule may name one of them or a root the
    /// policy declares, or one of `otherTrustRoots` (roots stored in the state directory; on replay, the
    /// names the recorded verdict used), which a declared root of the same name takes precedence over.
    /// Every problem is a `SitePolicyError` naming its path; nothing is defaulted to a pass.
    public static func parse(_ document: JSONValue, pinnedTrustRoots: Set<String>, otherTrustRoots: Set<String> = []) throws(SitePolicyError) -> SitePolicy {
        let top = try PolicyNode(document, path: "", allowed: ["version", "name", "trustRoots", "rules"])
        guard let version = try top.optionalInt("version") else {
            throw SitePolicyError(.missingField, "\"version\" is required (this build reads version \(currentVersion))", path: "version")
        }
        guard Int64(version) == currentVersion else {
            throw SitePolicyError(.unsupportedVersion, "policy version \(version) is not supported (this build reads version \(currentVersion))", path: "version")
        }
        let name = try top.optionalString("name") ?? "unnamed policy"
        var declared: [DeclaredTrustRoot] = []
        for (i, value) in (try top.optionalList("trustRoots") ?? []).enumerated() {
            let node = try PolicyNode(value, path: "trustRoots[\(i)]", allowed: ["name", "path"])
            let root = DeclaredTrustRoot(name: try node.string("name"), path: try node.string("path"))
            guard !pinnedTrustRoots.contains(root.name), !declared.contains(where: { $0.name == root.name }) else {
                throw SitePolicyError(.invalidValue, "trust root name \"\(root.name)\" is already taken", path: node.child("name"))
            }
            declared.append(root)
        }
        let known = pinnedTrustRoots.union(declared.map(\.name)).union(otherTrustRoots)
        let rules = try top.list("rules").enumerated().map { (i, value) throws(SitePolicyError) in
            try parseRule(value, path: "rules[\(i)]", trustRoots: known)
        }
        return SitePolicy(name: name, trustRoots: declared, rules: rules)
    }

    private static func parseRule(_ value: JSONValue, path: String, trustRoots: Set<String>) throws(SitePolicyError) -> PolicyRule {
        let node = try PolicyNode(value, path: path, allowed: ["name", "match", "trustRoot", "signatures", "attestations", "layout", "witnesses",
                                                                "platforms"])
        let match = try PolicyNode(try node.value("match"), path: node.child("match"), allowed: ["names", "digests", "artifacts"])
        var selectors = (try match.optionalStringList("names") ?? []).map(ImageSelector.name)
        let artifacts = try parseArtifactSelectors(match, imageSelectors: selectors.count + (try match.optionalStringList("digests") ?? []).count)
        for (i, digest) in (try match.optionalStringList("digests") ?? []).enumerated() {
            guard (try? ContentDigest(parsing: digest))?.sha256Hex != nil else {
                throw SitePolicyError(.invalidValue, "not a sha256:<64 lowercase hex> digest", path: "\(match.child("digests"))[\(i)]")
            }
            selectors.append(.digest(digest))
        }
        selectors += artifacts
        guard !selectors.isEmpty else {
            throw SitePolicyError(.emptyRequirement, "a rule must select images by \"names\" or \"digests\", or files by \"artifacts\"", path: match.path)
        }
        let trustRoot = try node.optionalString("trustRoot") ?? "public-good"
        guard trustRoots.contains(trustRoot) else {
            throw SitePolicyError(.unknownTrustRoot, "no pinned or declared trust root named \"\(trustRoot)\" (known: \(trustRoots.sorted().joined(separator: ", ")))",
                                  path: node.child("trustRoot"))
        }
        var signatures: SignatureRequirement?
        if node.has("signatures") {
            signatures = try parseSignatures(try node.value("signatures"), path: node.child("signatures"))
        }
        let attestations = try (try node.optionalList("attestations") ?? []).enumerated().map { (i, value) throws(SitePolicyError) in
            try parseAttestation(value, path: "\(node.child("attestations"))[\(i)]")
        }
        var layout: LayoutRequirement?
        if node.has("layout") {
            layout = try parseLayout(try node.value("layout"), path: node.child("layout"))
        }
        guard signatures != nil || !attestations.isEmpty || layout != nil else {
            throw SitePolicyError(.emptyRequirement, "a rule must require signatures, attestations or a layout; a rule that requires nothing never passes", path: path)
        }
        let witnesses = node.has("witnesses") ? try parseWitnesses(try node.value("witnesses"), path: node.child("witnesses")) : nil
        var rule = PolicyRule(name: try node.optionalString("name") ?? path, selectors: selectors, trustRoot: trustRoot,
                              signatures: signatures, attestations: attestations, layout: layout, witnesses: witnesses)
        rule.requireAllPlatforms = try parsePlatforms(node, artifacts: !artifacts.isEmpty)
        return rule
    }

    private static func parseSignatures(_ value: JSONValue, path: String) throws(SitePolicyError) -> SignatureRequirement {
        let node = try PolicyNode(value, path: path, allowed: ["signers", "threshold", "transparencyLog", "timestamp"])
        let signers = try parseSigners(node)
        let threshold = try node.optionalInt("threshold") ?? 1
        guard threshold >= 1, threshold <= signers.count else {
            throw SitePolicyError(.invalidValue, "threshold must be between 1 and the number of signers (\(signers.count))", path: node.child("threshold"))
        }
        return SignatureRequirement(signers: signers, threshold: threshold, proofs: try parseProofs(node))
    }

    private static func parseAttestation(_ value: JSONValue, path: String) throws(SitePolicyError) -> AttestationRequirement {
        let node = try PolicyNode(value, path: path, allowed: ["predicateType", "signers", "transparencyLog", "timestamp", "slsa", "conditions"])
        let predicateType = try node.string("predicateType")
        var slsa: SLSARequirement?
        if node.has("slsa") {
            guard SLSARequirement.predicateTypes.contains(predicateType) else {
                throw SitePolicyError(.unknownCondition, "slsa conditions apply only to \(SLSARequirement.predicateTypes.sorted().joined(separator: " and ")), not \(predicateType)",
                                      path: node.child("slsa"))
            }
            slsa = try parseSLSA(try node.value("slsa"), path: node.child("slsa"))
        }
        let conditions = try (try node.optionalList("conditions") ?? []).enumerated().map { (i, value) throws(SitePolicyError) in
            try parseCondition(value, path: "\(node.child("conditions"))[\(i)]")
        }
        return AttestationRequirement(predicateType: predicateType, signers: try parseSigners(node), proofs: try parseProofs(node),
                                      slsa: slsa, conditions: conditions)
    }

    private static func parseProofs(_ node: PolicyNode) throws(SitePolicyError) -> ProofRequirement {
        ProofRequirement(transparencyLog: try node.optionalBool("transparencyLog"), timestamp: try node.optionalBool("timestamp"))
    }

    private static func parseSigners(_ node: PolicyNode) throws(SitePolicyError) -> [PolicySigner] {
        try node.list("signers").enumerated().map { (i, value) throws(SitePolicyError) in
            try parseSigner(value, path: "\(node.child("signers"))[\(i)]")
        }
    }

    private static func parseSigner(_ value: JSONValue, path: String) throws(SitePolicyError) -> PolicySigner {
        let node = try PolicyNode(value, path: path, allowed: ["san", "sanRegex", "issuer", "issuerRegex", "extensions", "publicKey"])
        if let pem = try node.optionalString("publicKey") {
            guard !node.has("san"), !node.has("sanRegex"), !node.has("issuer"), !node.has("issuerRegex"), !node.has("extensions") else {
                throw SitePolicyError(.invalidValue, "a signer is either a public key or a keyless identity, not both", path: path)
            }
            let key: PublicKey
            do {
                key = try PublicKey(pem: pem)
            } catch {
                throw SitePolicyError(.invalidValue, "not a PEM public key: \(error)", path: node.child("publicKey"))
            }
            return PolicySigner(kind: .key(key), label: "key sha256:\(Hex.encode(Digest.sha256(key.spkiDER)).prefix(16))…")
        }
        let san = try matcher(node, exact: "san", regex: "sanRegex")
        let issuer = try matcher(node, exact: "issuer", regex: "issuerRegex")
        let extensions = try extensionValues(node)
        let required = extensions.keys.sorted().map { " \($0)=\(extensions[$0]!)" }.joined()
        return PolicySigner(kind: .keyless(CertificateIdentity(subjectAlternativeName: san, issuer: issuer, extensions: extensions)),
                            label: "SAN \(san) issuer \(issuer)\(required)")
    }

    /// `extensions`: exact values required of Fulcio certificate extensions, keyed by dotted OID.
    private static func extensionValues(_ node: PolicyNode) throws(SitePolicyError) -> [String: String] {
        guard node.has("extensions") else { return [:] }
        let path = node.child("extensions")
        guard let object = try node.value("extensions").objectValue, !object.keys.isEmpty else {
            throw SitePolicyError(.invalidValue, "must be a non-empty object of OID to value", path: path)
        }
        var values: [String: String] = [:]
        for key in object.keys {
            guard key.split(separator: ".", omittingEmptySubsequences: false).allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) }) else {
                throw SitePolicyError(.invalidValue, "\"\(key)\" is not a dotted OID", path: PolicyNode.join(path, key))
            }
            guard let value = object[key]?.stringValue else {
                throw SitePolicyError(.invalidValue, "must be a string", path: PolicyNode.join(path, key))
            }
            values[key] = value
        }
        return values
    }

    private static func matcher(_ node: PolicyNode, exact: String, regex: String) throws(SitePolicyError) -> StringMatcher {
        switch (try node.optionalString(exact), try node.optionalRegex(regex)) {
        case (let value?, nil): return .exact(value)
        case (nil, let matcher?): return matcher
        case (nil, nil):
            throw SitePolicyError(.missingField, "a keyless signer needs \"\(exact)\" or \"\(regex)\" (or give \"publicKey\")", path: node.child(exact))
        default:
            throw SitePolicyError(.invalidValue, "give \"\(exact)\" or \"\(regex)\", not both", path: node.child(exact))
        }
    }
}
