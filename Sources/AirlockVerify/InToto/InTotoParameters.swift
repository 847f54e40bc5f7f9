import AirlockFormats

/// in-toto-golang `SubstituteParameters`: replaces `{NAME}` in step expected commands and rules and in
/// inspection commands and rules. Names must match `^[a-zA-Z0-9_-]+$`; unknown placeholders stay as written.
enum InTotoParameters {
    static func substitute(_ parameters: [String: String], in layout: InTotoLayout) throws -> InTotoLayout {
        guard !parameters.isEmpty else { return layout }
        for name in parameters.keys {
            guard !name.isEmpty, name.unicodeScalars.allSatisfy({
                ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-"
            }) else {
                throw FormatError(.invalidField, "parameter name \"\(name)\" must match ^[a-zA-Z0-9_-]+$", field: "parameters")
            }
        }
        func replace(_ s: String) -> String {
            var out = ""
            var rest = Substring(s)
            while let open = rest.firstIndex(of: "{") {
                out += rest[..<open]
                let after = rest[rest.index(after: open)...]
                if let close = after.firstIndex(of: "}"), let value = parameters[String(after[..<close])] {
                    out += value
                    rest = after[after.index(after: close)...]
                } else {
                    out += "{"
                    rest = after
                }
            }
            return out + rest
        }
        func rules(_ list: [ArtifactRule], _ owner: String) throws -> [ArtifactRule] {
            try list.map { rule in
                switch ArtifactRule.parse(rule.tokens.map(replace)) {
                case .success(let substituted): return substituted
                case .failure(let error):
                    throw FormatError(error.code, "after parameter substitution: \(error.reason)", field: owner)
                }
            }
        }
        var out = layout
        for i in out.steps.indices {
            out.steps[i].expectedCommand = out.steps[i].expectedCommand.map(replace)
            out.steps[i].expectedMaterials = try rules(out.steps[i].expectedMaterials, "steps[\(i)].expected_materials")
            out.steps[i].expectedProducts = try rules(out.steps[i].expectedProducts, "steps[\(i)].expected_products")
        }
        for i in out.inspections.indices {
            out.inspections[i].run = out.inspections[i].run.map(replace)
            out.inspections[i].expectedMaterials = try rules(out.inspections[i].expectedMaterials, "inspect[\(i)].expected_materials")
            out.inspections[i].expectedProducts = try rules(out.inspections[i].expectedProducts, "inspect[\(i)].expected_products")
        }
        return out
    }
}
