import ArgumentParser

/// How results are printed.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    /// Human-readable lines.
    case text
    /// One JSON document.
    case json
}
