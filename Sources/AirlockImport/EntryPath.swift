import AirlockFormats

/// Turns an archive entry name into a safe, normalised relative path, or says why it cannot.
///
/// Rules: valid UTF-8, no NUL, at most `Limits.maxPathBytes` bytes, not absolute, no `..` component;
/// `./` prefixes, `.` components, repeated and trailing slashes are dropped. The result is only ever
/// used as a catalogue key, never as a file-system path.
enum EntryPath {
    /// The normalised path (empty for the archive root `./`).
    static func normalise(_ raw: [UInt8], limits: Limits) throws(ImportError) -> String {
        let display = String(decoding: raw.prefix(200), as: UTF8.self)
        guard raw.count <= limits.maxPathBytes else {
            throw ImportError(.limitExceeded, "name of \(raw.count) bytes exceeds the \(limits.maxPathBytes)-byte limit",
                              entry: String(display.prefix(120)) + "…")
        }
        guard !raw.isEmpty else {
            throw ImportError(.invalidName, "empty entry name")
        }
        guard let name = String(validating: raw, as: UTF8.self) else {
            throw ImportError(.invalidName, "entry name is not valid UTF-8", entry: display)
        }
        guard !name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw ImportError(.invalidName, "entry name contains a control character", entry: display)
        }
        guard !name.hasPrefix("/") else {
            throw ImportError(.unsafePath, "absolute path", entry: name)
        }
        var components: [Substring] = []
        for component in name.split(separator: "/", omittingEmptySubsequences: true) {
            if component == "." { continue }
            if component == ".." {
                throw ImportError(.unsafePath, "path has a '..' component", entry: name)
            }
            components.append(component)
        }
        return components.joined(separator: "/")
    }
}
