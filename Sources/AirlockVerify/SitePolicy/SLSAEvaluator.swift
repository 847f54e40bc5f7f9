import AirlockFormats

/// Evaluates the built-in SLSA conditions on one verified provenance predicate. Every condition is a
/// check with id `slsa.<condition>`, so a verdict names exactly which expectation failed.
enum SLSAEvaluator {
    static let sourceRepositoryOID = "1.3.6.1.4.1.57264.1.12"
    static let sourceDigestOID = "1.3.6.1.4.1.57264.1.13"
    static let sourceRefOID = "1.3.6.1.4.1.57264.1.14"

    static func evaluate(_ requirement: SLSARequirement, predicateType: String, predicate: JSONValue,
                         certificateExtensions: [String: String], prefix: String) -> [CheckResult] {
        let facts: SourceFacts
        do {
            facts = try SourceFacts.read(predicateType: predicateType, predicate: predicate)
        } catch {
            return [.fail(CheckID.slsa("predicate", prefix: prefix), "predicate is not valid \(predicateType): \(error)")]
        }
        var checks = [builder(requirement, facts, prefix)]
        if !requirement.buildTypes.isEmpty {
            checks.append(requirement.buildTypes.contains(facts.buildType)
                ? .pass(CheckID.slsa("buildType", prefix: prefix), "build type \(facts.buildType) is allowed")
                : .fail(CheckID.slsa("buildType", prefix: prefix), "build type \(facts.buildType) is not one of \(requirement.buildTypes.joined(separator: ", "))"))
        }
        if let expected = requirement.sourceRepository {
            checks.append(facts.repository == expected
                ? .pass(CheckID.slsa("source", prefix: prefix), "source repository is \(expected)")
                : .fail(CheckID.slsa("source", prefix: prefix), "source repository \(facts.repository ?? "(none)") is not \(expected)"))
        }
        if let rule = requirement.ref { checks.append(ref(rule, facts.ref, prefix)) }
        if let expected = requirement.sourceCommit {
            checks.append(facts.commit == expected
                ? .pass(CheckID.slsa("commit", prefix: prefix), "source commit is \(expected)")
                : .fail(CheckID.slsa("commit", prefix: prefix), "source commit \(facts.commit ?? "(none)") is not \(expected)"))
        }
        if let expected = requirement.externalParameters { checks.append(parameters(expected, facts.externalParameters, prefix)) }
        if requirement.certificateCrossCheck { checks.append(crossCheck(facts, certificateExtensions, prefix)) }
        return checks
    }

    private static func builder(_ requirement: SLSARequirement, _ facts: SourceFacts, _ prefix: String) -> CheckResult {
        let id = facts.builderID
        let base = id.split(separator: "@", maxSplits: 1).first.map(String.init) ?? id
        let allowed = requirement.builderIDs.contains { $0.contains("@") ? $0 == id : $0 == base }
        return allowed
            ? .pass(CheckID.slsa("builder", prefix: prefix), "builder \(id) is trusted")
            : .fail(CheckID.slsa("builder", prefix: prefix), "builder \(id) is not one of the trusted builders \(requirement.builderIDs.joined(separator: ", "))")
    }

    private static func ref(_ rule: SLSARequirement.RefRule, _ ref: String?, _ prefix: String) -> CheckResult {
        let id = CheckID.slsa("ref", prefix: prefix)
        guard let ref else { return .fail(id, "provenance names no source ref") }
        switch rule {
        case .branch(let branch):
            guard ref.hasPrefix("refs/heads/") else { return .fail(id, "source ref \(ref) is not a branch (expected branch \(branch))") }
            return ref == "refs/heads/\(branch)" ? .pass(id, "source branch is \(branch)") : .fail(id, "source branch \(ref.dropFirst(11)) is not \(branch)")
        case .tag(let tag):
            guard ref.hasPrefix("refs/tags/") else { return .fail(id, "source ref \(ref) is not a tag (expected tag \(tag))") }
            return ref == "refs/tags/\(tag)" ? .pass(id, "source tag is \(tag)") : .fail(id, "source tag \(ref.dropFirst(10)) is not \(tag)")
        case .versionedTag(let version):
            guard ref.hasPrefix("refs/tags/") else { return .fail(id, "source ref \(ref) is not a tag (expected version \(version))") }
            let tag = String(ref.dropFirst(10))
            return SemanticTag.matches(tag: tag, expected: version)
                ? .pass(id, "source tag \(tag) is version \(version)") : .fail(id, "source tag \(tag) is not version \(version)")
        case .pattern(let matcher):
            return matcher.matches(ref) ? .pass(id, "source ref \(ref) matches \(matcher)") : .fail(id, "source ref \(ref) does not match \(matcher)")
        }
    }

    private static func parameters(_ expected: JSONObject, _ actual: JSONValue?, _ prefix: String) -> CheckResult {
        let id = CheckID.slsa("externalParameters", prefix: prefix)
        let object = actual?.objectValue ?? JSONObject()
        for member in expected where object[member.key] != member.value {
            let found = object[member.key].map { String(decoding: CanonicalJSON.compact($0), as: UTF8.self) } ?? "absent"
            return .fail(id, "external parameter \(member.key) is \(found.prefix(200)), expected \(String(decoding: CanonicalJSON.compact(member.value), as: UTF8.self).prefix(200))")
        }
        return .pass(id, "external parameters \(expected.keys.sorted().joined(separator: ", ")) are as expected")
    }

    /// The certificate's Fulcio source extensions, when present, must agree with the provenance.
    private static func crossCheck(_ facts: SourceFacts, _ extensions: [String: String], _ prefix: String) -> CheckResult {
        let id = CheckID.slsa("certificate", prefix: prefix)
        var compared: [String] = []
        if let uri = extensions[sourceRepositoryOID] {
            guard facts.repository == SourceFacts.normaliseRepository(uri) else {
                return .fail(id, "certificate source repository \(uri) differs from the provenance's \(facts.repository ?? "(none)")")
            }
            compared.append("repository")
        }
        if let digest = extensions[sourceDigestOID] {
            guard facts.commit == digest else {
                return .fail(id, "certificate source commit \(digest) differs from the provenance's \(facts.commit ?? "(none)")")
            }
            compared.append("commit")
        }
        if let ref = extensions[sourceRefOID] {
            guard facts.ref == ref else {
                return .fail(id, "certificate source ref \(ref) differs from the provenance's \(facts.ref ?? "(none)")")
            }
            compared.append("ref")
        }
        return compared.isEmpty
            ? .skip(id, "signing certificate carries no source extensions to cross-check")
            : .pass(id, "provenance agrees with the certificate's source \(compared.joined(separator: ", "))")
    }
}
