import AirlockFormats

/// Symbolic links inside an archive (`docker save` links duplicated layers: `<id>/layer.tar ->
/// ../<hex>.tar`), resolved logically in the archive's own entry table and never on disk.
///
/// A link is accepted only when its target, taken relative to the link's folder, stays inside the
/// archive and names a regular file entry: no absolute targets, no `..` above the root, no link to a
/// link (no chains), no link to a directory or to nothing. An accepted link becomes one more name of
/// the target's content (same digest, same staged copy); the archive's limits already counted its entry.
enum ArchiveLinks {
    /// Adds every link to `files` as an alias of its target, or says why one is refused.
    static func resolve(_ links: [String: [UInt8]], into files: inout [String: StreamedFile], limits: Limits) throws(ImportError) {
        for (path, raw) in links.sorted(by: { $0.key < $1.key }) {
            guard files[path] == nil else {
                throw ImportError(.duplicateEntry, "is both a symbolic link and a regular file", entry: path)
            }
            let target = try self.target(of: path, raw: raw, limits: limits)
            guard links[target] == nil else {
                throw ImportError(.linkEntry, "symbolic link to another symbolic link (\(target)) is not accepted", entry: path)
            }
            guard let file = files[target] else {
                throw ImportError(.linkEntry, "symbolic link target \(target) is not a regular file in the archive", entry: path)
            }
            files[path] = file
        }
    }

    /// The normalised archive path a link points at, relative to the link's folder.
    static func target(of path: String, raw: [UInt8], limits: Limits) throws(ImportError) -> String {
        guard raw.count <= limits.maxPathBytes else {
            throw ImportError(.limitExceeded, "symbolic link target of \(raw.count) bytes exceeds the \(limits.maxPathBytes)-byte limit", entry: path)
        }
        guard let text = String(validating: raw, as: UTF8.self),
              !text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw ImportError(.invalidName, "symbolic link target is not valid UTF-8 text", entry: path)
        }
        guard !text.hasPrefix("/") else {
            throw ImportError(.linkEntry, "symbolic link to an absolute path (\(text)) is not accepted", entry: path)
        }
        var components = path.split(separator: "/").dropLast().map(String.init)
        for component in text.split(separator: "/", omittingEmptySubsequences: true) {
            switch component {
            case ".": continue
            case "..":
                guard !components.isEmpty else {
                    throw ImportError(.linkEntry, "symbolic link target \(text) escapes the archive", entry: path)
                }
                components.removeLast()
            default: components.append(String(component))
            }
        }
        return components.joined(separator: "/")
    }
}
