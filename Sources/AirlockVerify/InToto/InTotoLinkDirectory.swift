public import AirlockFormats
public import Foundation

/// The contents of an in-toto link directory, read by the caller (the verifier does no I/O): link files
/// by file name, and the sublayout link directories (`<step>.<keyid8>/`) by directory name.
public struct InTotoLinkDirectory: Sendable, Hashable {
    /// A label for messages (usually the directory path).
    public var label: String
    /// File name → file bytes (only `*.link` files matter).
    public var files: [String: Data]
    /// Subdirectory name → its contents.
    public var subdirectories: [String: InTotoLinkDirectory]

    /// Makes a directory.
    public init(label: String, files: [String: Data], subdirectories: [String: InTotoLinkDirectory] = [:]) {
        self.label = label
        self.files = files
        self.subdirectories = subdirectories
    }

    /// The 8-character key-id prefix of `<step>.<prefix>.link`, or nil if `fileName` is not a link of `step`
    /// (in-toto-golang globs `<step>.????????.link`).
    static func keyIDPrefix(of fileName: String, step: String) -> String? {
        let head = step + "."
        guard fileName.hasPrefix(head), fileName.hasSuffix(".link") else { return nil }
        let middle = fileName.dropFirst(head.count).dropLast(".link".count)
        guard middle.count == 8, !middle.contains("/") else { return nil }
        return String(middle)
    }
}

/// What to verify a layout against, besides its keys and links.
public struct InTotoVerificationOptions: Sendable, Equatable {
    /// The instant the layout's `expires` is judged against (explicit, so a verdict can be replayed).
    public var verificationTime: Date
    /// Inspection names the caller accepts not running. Any other inspection fails verification, since
    /// Airlock never executes commands. Names apply in sublayouts too.
    public var skippedInspections: Set<String>
    /// `{NAME}` substitutions for the top-level layout (in-toto-golang `SubstituteParameters`).
    public var parameters: [String: String]
    /// The artifact being approved, which the chain's verified products must contain.
    public var product: InTotoProductExpectation?
    /// Input limits.
    public var limits: Limits

    /// Makes options.
    public init(verificationTime: Date, skippedInspections: Set<String> = [], parameters: [String: String] = [:],
                product: InTotoProductExpectation? = nil, limits: Limits = .default) {
        self.verificationTime = verificationTime
        self.skippedInspections = skippedInspections
        self.parameters = parameters
        self.product = product
        self.limits = limits
    }
}

/// "The artifact being approved is product `path` of step `step`, with this sha256."
public struct InTotoProductExpectation: Sendable, Hashable, Codable {
    /// A step of the top-level layout.
    public var step: String
    /// The product path as the step's link records it.
    public var path: String
    /// Lowercase hex sha256.
    public var sha256: String

    /// Makes an expectation; `sha256` is lowercased.
    public init(step: String, path: String, sha256: String) {
        self.step = step
        self.path = path
        self.sha256 = sha256.lowercased()
    }
}
