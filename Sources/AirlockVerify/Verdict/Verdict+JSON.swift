public import Foundation
public import AirlockFormats

extension Verdict {
    /// The verdict as a JSON document (all values strings, arrays or objects).
    public var jsonValue: JSONValue {
        var o = JSONObject()
        o["type"] = .string(Self.type)
        var subjectObject = JSONObject(["digest": .string(subject.digest), "names": .array(subject.names.map(JSONValue.string))])
        // Only artifact verdicts carry a kind, so the bytes of image verdicts are unchanged (D6, D21).
        if subject.isArtifact { subjectObject["kind"] = .string("artifact") }
        // Only `platforms: all` verdicts list platforms (D22).
        if !subject.platforms.isEmpty {
            subjectObject["platforms"] = .array(subject.platforms.map {
                .object(JSONObject(["digest": .string($0.digest), "platform": .string($0.platform)]))
            })
        }
        // Only a platform manifest decided with its indexes' evidence lists them (D22).
        if !subject.indexes.isEmpty { subjectObject["indexes"] = .array(subject.indexes.map(JSONValue.string)) }
        o["subject"] = .object(subjectObject)
        o["result"] = .string(result)
        o["rule"] = .some(rule.map(JSONValue.string) ?? JSONValue.null)
        o["checks"] = .array(checks.map { check in
            .object(JSONObject(["id": .string(check.id), "status": .string(check.status.rawValue), "message": .string(check.message),
                                "evidence": .array(check.evidence.map(JSONValue.string))]))
        })
        o["policy"] = .object(JSONObject(["sha256": .string(policy.sha256), "name": .string(policy.name)]))
        o["trustRoots"] = .array(trustRoots.map { .object(JSONObject(["name": .string($0.name), "sha256": .string($0.sha256)])) })
        o["inputs"] = .array(inputs.map { input in
            var entry = JSONObject(["sha256": .string(input.sha256), "kind": .string(input.kind),
                                    "mediaType": input.mediaType.map(JSONValue.string) ?? .null,
                                    "annotationsSHA256": .string(input.annotationsSHA256)])
            if let platform = input.aboutDigest { entry["subject"] = .string(platform) }
            return .object(entry)
        })
        o["verificationTime"] = .string(Self.formatTime(verificationTime))
        o["tool"] = .object(JSONObject(["name": .string("airlock"), "version": .string(toolVersion)]))
        return .object(o)
    }

    /// Reads a verdict back from its JSON (as stored), so replay can re-run it.
    public static func parse(_ data: Data, limits: Limits = .default) throws -> Verdict {
        let o = try JSONReader(JSONValue.parse(data, limits: limits)).object()
        guard try o.string("type") == type else {
            throw FormatError(.unsupportedVersion, "not an Airlock verdict v1", field: "type")
        }
        let subject = try o.object("subject")
        let result = try o.string("result")
        guard result == "PASS" || result == "FAIL" else { throw FormatError(.invalidField, "result must be PASS or FAIL", field: "result") }
        guard o.object.contains("rule") else { throw FormatError(.missingField, "rule is required (null when no rule applied)", field: "rule") }
        let ruleValue = try o.optionalValue("rule")
        let checks = try o.array("checks").map { r -> CheckResult in
            let c = try r.object()
            guard let status = CheckStatus(rawValue: try c.string("status")) else {
                throw c.error(.invalidField, "unknown check status")
            }
            return CheckResult(try c.string("id"), status, try c.string("message"), evidence: try c.array("evidence").map { try $0.string() })
        }
        let policy = try o.object("policy")
        let timeText = try o.string("verificationTime")
        guard let time = RFC3339.parse(timeText) else { throw FormatError(.invalidField, "not an RFC 3339 instant", field: "verificationTime") }
        return Verdict(
            subject: ImageSubject(digest: try subject.string("digest"), names: try subject.array("names").map { try $0.string() },
                                  isArtifact: try subjectKind(subject), platforms: try subjectPlatforms(subject),
                                  indexes: try subject.optionalValue("indexes")?.array().map { try $0.string() } ?? []),
            passed: result == "PASS",
            rule: try ruleValue?.string(),
            checks: checks,
            policy: PolicyReference(sha256: try policy.string("sha256"), name: try policy.string("name")),
            trustRoots: try o.array("trustRoots").map { r in
                let t = try r.object()
                return TrustRootReference(name: try t.string("name"), sha256: try t.string("sha256"))
            },
            inputs: try o.array("inputs").map { r in
                let e = try r.object()
                return EvidenceReference(sha256: try e.string("sha256"), kind: try e.string("kind"),
                                         mediaType: try e.optionalValue("mediaType")?.string(),
                                         annotationsSHA256: try e.string("annotationsSHA256"),
                                         aboutDigest: try e.optionalString("subject"))
            },
            verificationTime: time,
            toolVersion: try o.object("tool").string("version"))
    }

    /// `2026-01-02T03:04:05Z` (whole seconds, UTC).
    public static func formatTime(_ date: Date) -> String {
        RFC3339.format(date, .secondsOfNearestMillisecond)
    }
}

extension Verdict {
    /// `subject.kind`: absent for an image, `"artifact"` for a release artifact; anything else is refused.
    static func subjectKind(_ subject: JSONObjectReader) throws -> Bool {
        guard let kind = try subject.optionalString("kind") else { return false }
        guard kind == "artifact" else { throw FormatError(.invalidField, "unknown subject kind", field: "subject.kind") }
        return true
    }

    /// `subject.platforms`: absent except under `platforms: all`.
    static func subjectPlatforms(_ subject: JSONObjectReader) throws -> [PlatformSubject] {
        guard let list = try subject.optionalValue("platforms") else { return [] }
        return try list.array().map { value in
            let o = try value.object()
            return PlatformSubject(digest: try o.string("digest"), platform: try o.string("platform"))
        }
    }
}
