import Yams

/// Small builders for YAML documents whose member order is kept as written (policies read top-down).
enum YAMLNodes {
    /// A mapping in the given order.
    static func map(_ pairs: [(String, Node)]) -> Node {
        Node(pairs.map { (Node($0.0), $0.1) })
    }

    /// A sequence.
    static func seq(_ items: [Node]) -> Node { Node(items) }

    /// A string, double-quoted when a plain scalar would be read back as another type or is not plain-safe.
    static func str(_ text: String) -> Node {
        let ambiguous = ["true", "false", "yes", "no", "on", "off", "null", "~", "y", "n", ""].contains(text.lowercased())
            || Double(text) != nil || text.hasPrefix("{") || text.hasPrefix("*") || text.hasPrefix("[") || text.contains(": ")
            || text.contains(" #")
        return Node(text, .implicit, ambiguous ? .doubleQuoted : .plain)
    }

    /// A multi-line string in literal block style (PEM keys, CUE policies).
    static func block(_ text: String) -> Node { Node(text, .implicit, .literal) }

    /// A boolean.
    static func bool(_ value: Bool) -> Node { Node(value ? "true" : "false", Tag(.bool)) }

    /// An integer.
    static func int(_ value: Int) -> Node { Node(String(value), Tag(.int)) }

    /// The document as YAML text (two-space indent, no line folding).
    static func render(_ node: Node) throws(ApplianceError) -> String {
        do {
            return try Yams.serialize(node: node, indent: 2, width: -1)
        } catch {
            throw ApplianceError(.internalError, "cannot render YAML: \(error)")
        }
    }
}
