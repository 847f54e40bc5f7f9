import AirlockFormats

extension PredicateCondition {
    /// Evaluates the condition on a verified predicate, as a check with id `<prefix>condition[<n>]`.
    func evaluate(on predicate: JSONValue, id: String) -> CheckResult {
        guard let value = JSONPathComponent.resolve(components, in: predicate) else {
            return .fail(id, "\(path) is absent from the predicate")
        }
        let shown = String(String(decoding: CanonicalJSON.compact(value), as: UTF8.self).prefix(200))
        switch op {
        case .equals(let expected):
            return value == expected ? .pass(id, "\(path) equals \(shown)")
                : .fail(id, "\(path) is \(shown), expected \(String(decoding: CanonicalJSON.compact(expected), as: UTF8.self).prefix(200))")
        case .matches(let matcher):
            guard let text = value.stringValue else { return .fail(id, "\(path) is \(value.typeName), not a string to match \(matcher)") }
            return matcher.matches(text) ? .pass(id, "\(path) \(shown) matches \(matcher)") : .fail(id, "\(path) \(shown) does not match \(matcher)")
        case .oneOf(let allowed):
            return allowed.contains(value) ? .pass(id, "\(path) \(shown) is allowed")
                : .fail(id, "\(path) is \(shown), not one of \(allowed.map { String(decoding: CanonicalJSON.compact($0), as: UTF8.self) }.joined(separator: ", ").prefix(200))")
        }
    }
}
