public import Foundation
public import AirlockFormats

extension MiniSigstore {
    /// An in-toto Statement v1 (`_type`, `subject[{name, digest{sha256}}]`, `predicateType`,
    /// `predicate`) as compact JSON.
    public static func inTotoStatement(subjects: [(name: String, sha256Hex: String)], predicateType: String = PredicateType.slsaProvenanceV1,
                                       predicate: JSONValue = .object(JSONObject())) -> Data {
        var statement = JSONObject()
        statement["_type"] = .string(PredicateType.statementV1)
        statement["subject"] = .array(subjects.map { subject in
            .object(JSONObject([
                "name": .string(subject.name),
                "digest": .object(JSONObject(["sha256": .string(subject.sha256Hex)])),
            ]))
        })
        statement["predicateType"] = .string(predicateType)
        statement["predicate"] = predicate
        return CanonicalJSON.compact(.object(statement))
    }
}
