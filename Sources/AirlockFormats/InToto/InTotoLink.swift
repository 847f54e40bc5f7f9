/// An in-toto link (`signed` with `_type: "link"`, in-toto spec §4.2): what one functionary recorded
/// for one step. Only the fields verification uses are modelled; the rest stay in the signed JSON.
public struct InTotoLink: Sendable, Hashable {
    /// An artifact's hash object: algorithm name → lowercase hex, compared as a whole.
    public typealias HashObject = [String: String]

    /// The step (or inspection) name this link claims to be for.
    public var name: String
    /// The command the functionary ran, as argv.
    public var command: [String]
    /// Artifacts before the step: path → hashes.
    public var materials: [String: HashObject]
    /// Artifacts after the step: path → hashes.
    public var products: [String: HashObject]

    /// Makes a link.
    public init(name: String, command: [String], materials: [String: HashObject], products: [String: HashObject]) {
        self.name = name
        self.command = command
        self.materials = materials
        self.products = products
    }

    /// Reads a link from the `signed` object (or a DSSE payload).
    public static func read(_ o: JSONObjectReader, limits: Limits = .default) throws -> InTotoLink {
        let type = try o.string("_type")
        guard type == "link" else {
            throw FormatError(.invalidField, "expected \"link\", found \"\(type)\"", field: o.childPath("_type"))
        }
        return InTotoLink(
            name: try o.nonEmptyString("name"),
            command: try o.optionalArray("command").map { try $0.string() },
            materials: try readArtifacts(o.optionalObject("materials"), limits: limits),
            products: try readArtifacts(o.optionalObject("products"), limits: limits)
        )
    }

    private static func readArtifacts(_ o: JSONObjectReader?, limits: Limits) throws -> [String: HashObject] {
        guard let o else { return [:] }
        guard o.object.count <= limits.maxInTotoArtifacts else {
            throw o.error(.limitExceeded, "lists \(o.object.count) artifacts; the limit is \(limits.maxInTotoArtifacts)")
        }
        var out: [String: HashObject] = [:]
        for member in o.object {
            let hashes = try o.object(member.key)
            var h: HashObject = [:]
            for entry in hashes.object {
                h[entry.key] = try hashes.string(entry.key)
            }
            out[member.key] = h
        }
        return out
    }
}
