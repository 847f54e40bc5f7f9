import Foundation
import AirlockFormats
import Yams

/// One Kyverno attestation condition: a JMESPath `key` (in `{{ }}`), an operator and a value.
public struct KyvernoCondition: Sendable, Equatable {
    /// The value a condition compares with.
    public enum Value: Sendable, Equatable {
        /// A string (`Equals`).
        case string(String)
        /// A boolean (`Equals` on a time function's result).
        case bool(Bool)
        /// A list (`AnyIn`).
        case list([String])
    }

    /// `{{ <JMESPath> }}`.
    public var key: String
    /// `Equals` or `AnyIn`.
    public var `operator`: String
    /// What the key must equal, or be in.
    public var value: Value
    /// The message Kyverno prints when the condition fails.
    public var message: String

    var node: Node {
        typealias Y = YAMLNodes
        let value: Node
        switch self.value {
        case .string(let text): value = Y.str(text)
        case .bool(let flag): value = Y.bool(flag)
        case .list(let items): value = Y.seq(items.map(Y.str))
        }
        return Y.map([("key", Y.str(key)), ("operator", Y.str(self.operator)), ("value", value), ("message", Y.str(message))])
    }
}

/// The checks every generated admission policy makes on the VSA, in each policy language: result
/// PASSED, this appliance as verifier, an accepted site-policy digest, the admission instant inside the
/// signed window (`ApprovalValidity`), and no revoked digest. A VSA without `validFrom` (made before
/// windows were signed) is refused; one without `validUntil` (`--expires never`) has no end.
public enum AdmissionConditions {
    /// The instant used when a VSA has no `validUntil` (`--expires never`).
    static let endOfTime = "9999-12-31T23:59:59Z"

    /// Kyverno `ClusterPolicy` attestation conditions (JMESPath over the VSA predicate; `time_now_utc`,
    /// `time_before` are Kyverno's custom functions).
    public static func kyverno(_ inputs: AdmissionInputs) -> [KyvernoCondition] {
        [
            KyvernoCondition(key: "{{ verificationResult }}", operator: "Equals", value: .string("PASSED"),
                             message: "the Airlock verification result is not PASSED"),
            KyvernoCondition(key: "{{ verifier.id }}", operator: "Equals", value: .string(inputs.applianceID),
                             message: "the VSA was not issued by this Airlock appliance"),
            KyvernoCondition(key: "{{ policy.digest.sha256 }}", operator: "AnyIn", value: .list(inputs.acceptedPolicyDigests),
                             message: "the VSA was decided under a site policy this cluster does not accept"),
            KyvernoCondition(key: "{{ !time_before(time_now_utc(), \(ApprovalValidity.Field.validFrom)) }}", operator: "Equals",
                             value: .bool(true), message: "the Airlock approval is not valid yet (or carries no signed validity window)"),
            KyvernoCondition(key: "{{ time_before(time_now_utc(), \(ApprovalValidity.Field.validUntil) || '\(endOfTime)') }}",
                             operator: "Equals", value: .bool(true), message: "the Airlock approval has expired"),
        ]
    }

    /// The CEL validations of the `ImageValidatingPolicy` after the signature check, as (expression, message).
    /// `time.now()` is Kyverno's CEL time library (`kyverno.time`, a CEL timestamp); `timestamp()` and timestamp
    /// comparison are standard CEL. (Kyverno's `time_now_utc`/`time_before` exist only in its JMESPath.)
    public static func cel(_ inputs: AdmissionInputs) -> [(expression: String, message: String)] {
        let s = "(has(p.predicate) ? p.predicate : p)"  // extractPayload may hand back the Statement or its predicate
        func each(_ condition: String) -> String {
            "variables.podImages.all(image, [extractPayload(image, attestations.vsa)].all(p, \(condition)))"
        }
        let from = ApprovalValidity.Field.validFrom, until = ApprovalValidity.Field.validUntil
        return [
            (each("\(s).verificationResult == 'PASSED' && \(s).verifier.id == \(celString(inputs.applianceID))"),
             "the Airlock VSA must say PASSED and name this appliance as verifier"),
            (each("\(s).policy.digest.sha256 in \(celList(inputs.acceptedPolicyDigests))"),
             "the Airlock VSA was decided under a site policy this cluster does not accept"),
            (each("has(\(s).\(from)) && timestamp(\(s).\(from)) <= time.now() && (!has(\(s).\(until)) || time.now() < timestamp(\(s).\(until)))"),
             "the Airlock approval is outside its signed validity window"),
            ("variables.podImages.all(image, !\(celList(inputs.deniedDigests)).exists(d, image.endsWith('@' + d)))",
             "the image belongs to a revoked Airlock approval"),
        ]
    }

    /// The Rego policy for policy-controller's attestation (`package sigstore`, `isCompliant`); `input` is
    /// the in-toto Statement, `time.now_ns` is the admission instant. `import rego.v1` keeps it valid for
    /// OPA 0.59+ (v0 mode) and OPA 1.x alike.
    public static func rego(_ inputs: AdmissionInputs) -> String {
        let from = ApprovalValidity.Field.validFrom, until = ApprovalValidity.Field.validUntil
        return """
            package sigstore

            import rego.v1

            default isCompliant := false

            accepted_policies := \(regoList(inputs.acceptedPolicyDigests))

            revoked_digests := \(regoList(inputs.deniedDigests.map { String($0.dropFirst("sha256:".count)) }))

            isCompliant if {
              input.predicateType == \(jsonString(VerificationSummaryV1.predicateType))
              input.predicate.verificationResult == "PASSED"
              input.predicate.verifier.id == \(jsonString(inputs.applianceID))
              policy_accepted
              started
              not expired
              not revoked
            }

            policy_accepted if {
              input.predicate.policy.digest.sha256 in accepted_policies
            }

            started if {
              time.parse_rfc3339_ns(input.predicate.\(from)) <= time.now_ns()
            }

            expired if {
              time.now_ns() >= time.parse_rfc3339_ns(input.predicate.\(until))
            }

            revoked if {
              some subject in input.subject
              subject.digest.sha256 in revoked_digests
            }

            """
    }

    static func jsonString(_ text: String) -> String {
        String(decoding: CanonicalJSON.compact(.string(text)), as: UTF8.self)
    }

    /// A CEL string literal (single-quoted, backslash and quote escaped).
    static func celString(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
    }

    static func celList(_ items: [String]) -> String { "[" + items.map(celString).joined(separator: ", ") + "]" }

    /// A Rego array of strings (an array, not a set: `x in []` is simply false everywhere).
    static func regoList(_ items: [String]) -> String {
        "[" + items.map(jsonString).joined(separator: ", ") + "]"
    }
}
