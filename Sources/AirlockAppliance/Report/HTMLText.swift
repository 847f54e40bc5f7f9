/// HTML text built by appending escaped strings: every value derived from a bundle, a certificate or
/// the catalogue goes through `escape`, so a SAN like `<script>` is shown, never run.
struct HTMLText {
    private(set) var html = ""

    /// `text` safe for element content and double- or single-quoted attribute values: `& < > " '` become
    /// entities; control characters (C0 but newline and tab, DEL, C1 — ESC among them) and the Unicode
    /// bidirectional overrides are shown as `\u{XX}` so they can neither hide nor reorder text.
    static func escape(_ text: String) -> String {
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x26: out += "&amp;"
            case 0x3C: out += "&lt;"
            case 0x3E: out += "&gt;"
            case 0x22: out += "&quot;"
            case 0x27: out += "&#39;"
            case 0x09, 0x0A: out.unicodeScalars.append(scalar)
            case 0x00..<0x20, 0x7F..<0xA0, 0x202A...0x202E, 0x2066...0x2069:
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Appends markup written in this file (trusted, never user data).
    mutating func raw(_ markup: String) { html += markup }

    /// Appends escaped text.
    mutating func text(_ value: String) { html += Self.escape(value) }

    /// Appends `<tag class="…">escaped value</tag>`.
    mutating func element(_ tag: String, _ value: String, class name: String? = nil) {
        html += "<\(tag)\(name.map { " class=\"\($0)\"" } ?? "")>\(Self.escape(value))</\(tag)>"
    }

    /// Appends one table row of escaped cells (`th` first when `header`).
    mutating func row(_ cells: [String], header: Bool = false) {
        html += "<tr>" + cells.map { header ? "<th>\(Self.escape($0))</th>" : "<td>\(Self.escape($0))</td>" }.joined() + "</tr>\n"
    }

    /// Appends a two-column table of label/value pairs, skipping nil values.
    mutating func facts(_ pairs: [(String, String?)]) {
        html += "<table class=\"facts\">\n"
        for (label, value) in pairs {
            guard let value else { continue }
            html += "<tr><th scope=\"row\">\(Self.escape(label))</th><td>\(Self.escape(value))</td></tr>\n"
        }
        html += "</table>\n"
    }
}
