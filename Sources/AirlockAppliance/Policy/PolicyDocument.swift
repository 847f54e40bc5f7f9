import Foundation
import AirlockFormats
import AirlockVerify
import Yams

/// Turns policy file bytes (YAML, or JSON — which is YAML too) into a `JSONValue` for the strict
/// policy reader. Duplicate keys and non-string keys are refused, and the expanded document may hold
/// at most `Limits.maxPolicyNodes` values (so an alias bomb fails); YAML timestamps and other exotic
/// scalars stay strings.
struct PolicyDocument {
    private var budget: Int

    static func parse(_ bytes: Data, limits: Limits = .default) throws(SitePolicyError) -> JSONValue {
        guard let text = String(data: bytes, encoding: .utf8) else {
            throw SitePolicyError(.malformed, "policy is not UTF-8 text")
        }
        if text.drop(while: \.isWhitespace).first == "{" {
            do {
                return try JSONValue.parse(bytes)
            } catch {
                throw SitePolicyError(.malformed, "policy is not valid JSON: \(error)")
            }
        }
        let node: Node?
        do {
            // Plain scalars are resolved by `YAMLPlainScalar`, not Yams's regular-expression resolver.
            node = try Yams.compose(yaml: text, .basic)
        } catch {
            throw SitePolicyError(.malformed, "policy is not valid YAML: \(error)")
        }
        guard let node else { throw SitePolicyError(.malformed, "policy is empty") }
        var document = PolicyDocument(budget: limits.maxPolicyNodes)
        return try document.convert(node, path: "")
    }

    private mutating func convert(_ node: Node, path: String) throws(SitePolicyError) -> JSONValue {
        budget -= 1
        guard budget >= 0 else {
            throw SitePolicyError(.malformed, "policy expands to more than the limit of values (YAML aliases?)", path: path)
        }
        switch node {
        case .alias:
            throw SitePolicyError(.malformed, "YAML aliases are not allowed in a policy", path: path)
        case .sequence(let sequence):
            var out: [JSONValue] = []
            for (i, item) in sequence.enumerated() { out.append(try convert(item, path: "\(path)[\(i)]")) }
            return .array(out)
        case .mapping(let mapping):
            var object = JSONObject()
            for (keyNode, valueNode) in mapping {
                guard case .scalar(let scalar) = keyNode else {
                    throw SitePolicyError(.malformed, "mapping keys must be strings", path: path)
                }
                let key = scalar.string
                let childPath = path.isEmpty ? key : "\(path).\(key)"
                guard object[key] == nil else { throw SitePolicyError(.malformed, "duplicate key \"\(key)\"", path: childPath) }
                object[key] = try convert(valueNode, path: childPath)
            }
            return .object(object)
        case .scalar(let scalar):
            // The tag as written (read before anything resolves it): empty for a plain scalar without one.
            let written = Tag.Name(rawValue: scalar.tag.description)
            return try Self.scalar(scalar, tag: written == .implicit ? YAMLPlainScalar.tag(scalar.string) : written, path: path)
        }
    }

    private static func scalar(_ scalar: Node.Scalar, tag: Tag.Name, path: String) throws(SitePolicyError) -> JSONValue {
        switch tag {
        case .null: return .null
        case .bool:
            if let b = Bool.construct(from: scalar) { return .bool(b) }
        case .int:
            if let i = Int.construct(from: scalar), let v = try? JSONValue.parse(Data(String(i).utf8)) { return v }
        case .float:
            if let d = Double.construct(from: scalar), d.isFinite, let v = try? JSONValue.parse(Data("\(d)".utf8)) { return v }
            throw SitePolicyError(.invalidValue, "number \(scalar.string) is not finite", path: path)
        default:
            break
        }
        return .string(scalar.string)
    }
}
