/// An in-toto layout (`signed` with `_type: "layout"`, in-toto spec §4.3): the supply chain's owner-signed plan.
///
/// Parsing checks the structure the reference implementation validates before use (in-toto-golang
/// `validateLayout`): known `_type`s, unique step and inspection names, every step key listed in `keys`,
/// thresholds of at least one, and well-formed artifact rules.
public struct InTotoLayout: Sendable, Hashable {
    /// `expires` exactly as written (`YYYY-MM-DDTHH:MM:SSZ`).
    public var expires: String
    /// The functionary keys by key id.
    public var keys: [String: InTotoKey]
    /// The steps, in layout order (the first and last define a sublayout's summary).
    public var steps: [InTotoStep]
    /// The inspections, in layout order.
    public var inspections: [InTotoInspection]
    /// The free-text readme.
    public var readme: String

    /// Makes a layout.
    public init(expires: String, keys: [String: InTotoKey], steps: [InTotoStep], inspections: [InTotoInspection], readme: String) {
        self.expires = expires
        self.keys = keys
        self.steps = steps
        self.inspections = inspections
        self.readme = readme
    }

    /// Reads a layout from the `signed` object (or a DSSE payload).
    public static func read(_ o: JSONObjectReader) throws -> InTotoLayout {
        let type = try o.string("_type")
        guard type == "layout" else {
            throw FormatError(.invalidField, "expected \"layout\", found \"\(type)\"", field: o.childPath("_type"))
        }
        let expires = try o.string("expires")
        guard InTotoTimestamp.parse(expires) != nil else {
            throw FormatError(.invalidField, "expected YYYY-MM-DDTHH:MM:SSZ, found \"\(expires)\"", field: o.childPath("expires"))
        }
        let keysReader = try o.object("keys")
        var keys: [String: InTotoKey] = [:]
        for member in keysReader.object {
            keys[member.key] = try InTotoKey.read(keysReader.object(member.key), expectedKeyID: member.key)
        }
        let steps = try o.array("steps").map { try InTotoStep.read($0.object()) }
        let inspections = try o.optionalArray("inspect").map { try InTotoInspection.read($0.object()) }
        var seen = Set<String>()
        for (i, name) in (steps.map(\.name) + inspections.map(\.name)).enumerated() where !seen.insert(name).inserted {
            let field = i < steps.count ? "steps[\(i)].name" : "inspect[\(i - steps.count)].name"
            throw FormatError(.invalidField, "step and inspection names must be unique; \"\(name)\" repeats", field: o.childPath(field))
        }
        for (i, step) in steps.enumerated() {
            for keyid in step.pubkeys where keys[keyid] == nil {
                throw FormatError(.invalidField, "step \"\(step.name)\" names key \(keyid), which the layout's keys do not list",
                                  field: o.childPath("steps[\(i)].pubkeys"))
            }
        }
        return InTotoLayout(expires: expires, keys: keys, steps: steps, inspections: inspections,
                            readme: try o.optionalString("readme") ?? "")
    }
}

/// A layout step: who may perform it (`pubkeys`, `threshold`) and what it may do to artifacts.
public struct InTotoStep: Sendable, Hashable {
    /// The unique step name (also the link file name prefix).
    public var name: String
    /// Key ids of the authorised functionaries.
    public var pubkeys: [String]
    /// How many distinct functionaries must have signed matching links.
    public var threshold: Int
    /// The command the step is expected to run (a mismatch only warns).
    public var expectedCommand: [String]
    /// Rules over the step link's materials.
    public var expectedMaterials: [InTotoArtifactRule]
    /// Rules over the step link's products.
    public var expectedProducts: [InTotoArtifactRule]

    /// Makes a step.
    public init(name: String, pubkeys: [String], threshold: Int, expectedCommand: [String],
                expectedMaterials: [InTotoArtifactRule], expectedProducts: [InTotoArtifactRule]) {
        self.name = name
        self.pubkeys = pubkeys
        self.threshold = threshold
        self.expectedCommand = expectedCommand
        self.expectedMaterials = expectedMaterials
        self.expectedProducts = expectedProducts
    }

    static func read(_ o: JSONObjectReader) throws -> InTotoStep {
        let type = try o.string("_type")
        guard type == "step" else {
            throw FormatError(.invalidField, "expected \"step\", found \"\(type)\"", field: o.childPath("_type"))
        }
        let threshold = try o.int64("threshold", allowString: false)
        guard threshold >= 1, threshold <= Int64(Int32.max) else {
            throw FormatError(.invalidField, "threshold must be at least 1, found \(threshold)", field: o.childPath("threshold"))
        }
        return InTotoStep(
            name: try o.nonEmptyString("name"),
            pubkeys: try o.optionalArray("pubkeys").map { try $0.nonEmptyString() },
            threshold: Int(threshold),
            expectedCommand: try o.optionalArray("expected_command").map { try $0.string() },
            expectedMaterials: try readRules(o, "expected_materials"),
            expectedProducts: try readRules(o, "expected_products")
        )
    }
}

/// A layout inspection: a command the reference verifier would run, then rules over its artifacts.
/// Airlock never runs it; the caller must name it to be skipped.
public struct InTotoInspection: Sendable, Hashable {
    /// The unique inspection name.
    public var name: String
    /// The command the reference implementation would execute.
    public var run: [String]
    /// Rules over the inspection's materials.
    public var expectedMaterials: [InTotoArtifactRule]
    /// Rules over the inspection's products.
    public var expectedProducts: [InTotoArtifactRule]

    /// Makes an inspection.
    public init(name: String, run: [String], expectedMaterials: [InTotoArtifactRule], expectedProducts: [InTotoArtifactRule]) {
        self.name = name
        self.run = run
        self.expectedMaterials = expectedMaterials
        self.expectedProducts = expectedProducts
    }

    static func read(_ o: JSONObjectReader) throws -> InTotoInspection {
        let type = try o.string("_type")
        guard type == "inspection" else {
            throw FormatError(.invalidField, "expected \"inspection\", found \"\(type)\"", field: o.childPath("_type"))
        }
        return InTotoInspection(
            name: try o.nonEmptyString("name"),
            run: try o.optionalArray("run").map { try $0.string() },
            expectedMaterials: try readRules(o, "expected_materials"),
            expectedProducts: try readRules(o, "expected_products")
        )
    }
}

/// Reads a `[[token]]` rule list member.
private func readRules(_ o: JSONObjectReader, _ key: String) throws -> [InTotoArtifactRule] {
    try o.optionalArray(key).map { rule in
        try InTotoArtifactRule(tokens: rule.array().map { try $0.string() }, field: rule.path)
    }
}
