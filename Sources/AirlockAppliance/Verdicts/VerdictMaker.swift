import Foundation
import AirlockCrypto
import AirlockFormats
import AirlockStore
import AirlockVerify

/// The shared core of verify and replay: gather the evidence blobs of an image, run the engine, and
/// build the verdict that names every input by digest.
struct VerdictMaker {
    let policy: LoadedPolicy
    let trust: [String: TrustMaterial]
    let trustReferences: [TrustRootReference]
    let limits: Limits
    /// Held log checkpoints and pinned witnesses (docs/decisions.md D23, D24).
    var logs: LogKnowledge = .empty

    /// Decides an image from the given evidence (content plus its recorded metadata).
    func decide(_ subject: ImageSubject, evidence: [EvidenceInput], annotationDigests: [String], at time: Date) -> Verdict {
        decideWithCheckpoints(subject, evidence: evidence, annotationDigests: annotationDigests, at: time).verdict
    }

    /// As `decide`, with the log checkpoints the verified evidence relied on.
    func decideWithCheckpoints(_ subject: ImageSubject, evidence: [EvidenceInput], annotationDigests: [String],
                               at time: Date) -> (verdict: Verdict, checkpoints: [VerifiedCheckpoint]) {
        let engine = PolicyEngine(policy: policy.policy, trust: trust, limits: limits, logs: logs)
        let evaluation = engine.evaluate(subject, evidence: evidence, at: time)
        let inputs = zip(evidence, annotationDigests).map { input, annotations in
            EvidenceReference(sha256: input.sha256, kind: input.kind, mediaType: input.mediaType, annotationsSHA256: annotations,
                              aboutDigest: input.aboutDigest)
        }.sorted {
            ($0.sha256, $0.annotationsSHA256, $0.kind, $0.aboutDigest ?? "") < ($1.sha256, $1.annotationsSHA256, $1.kind, $1.aboutDigest ?? "")
        }
        let verdict = Verdict(subject: subject, passed: evaluation.passed, rule: evaluation.rule, checks: evaluation.checks,
                              policy: PolicyReference(sha256: policy.sha256, name: policy.policy.name),
                              trustRoots: trustReferences, inputs: inputs, verificationTime: time, toolVersion: PolicyService.toolVersion)
        return (verdict, evaluation.checkpoints)
    }

    /// The store batch for a verdict (with the policy, trust-root and annotation blob rows it refers to).
    static func batch(_ verdict: Verdict, blobs: [BlobRecord]) -> VerdictBatch {
        let document = verdict.canonicalJSON()
        let row = VerdictRecord(id: Hex.encode(Digest.sha256(document)), subjectDigest: verdict.subject.digest, result: verdict.result,
                                rule: verdict.rule, policySHA256: verdict.policy.sha256,
                                verificationTime: Verdict.formatTime(verdict.verificationTime), toolVersion: verdict.toolVersion,
                                recordedAt: Date(), document: document)
        return VerdictBatch(verdict: row, checks: verdict.checks, blobs: blobs)
    }

    /// Canonical JSON of an annotation map (its blob content).
    static func annotationsDocument(_ annotations: [String: String]) -> Data {
        var object = JSONObject()
        for key in annotations.keys.sorted() { object[key] = .string(annotations[key]!) }
        return (try? CanonicalJSON.rfc8785(.object(object))) ?? Data()
    }

    /// Reads an annotation blob back.
    static func annotations(from data: Data) throws -> [String: String] {
        guard let object = try JSONValue.parse(data).objectValue else { throw FormatError(.invalidField, "annotations are not an object") }
        var out: [String: String] = [:]
        for member in object {
            guard let value = member.value.stringValue else { throw FormatError(.invalidField, "annotation \(member.key) is not a string") }
            out[member.key] = value
        }
        return out
    }
}
