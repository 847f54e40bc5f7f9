/// Artifact paths as rules see them: cleaned lexically like Go's `path.Clean`, as in-toto-golang does
/// since CVE-2021-41087, so `out/../secret.key`, `./secret.key` and `dir//secret.key` cannot slip past
/// a rule written for `secret.key` or `dir/secret.key`.
enum InTotoPath {
    /// Go `path.Clean`: one slash between elements, no `.` elements, each `..` removes the element before
    /// it (a leading `..` of a relative path stays; at the root it vanishes), no trailing slash; `""` → `.`.
    static func clean(_ path: String) -> String {
        let rooted = path.hasPrefix("/")
        var out: [Substring] = []
        for element in path.split(separator: "/") where element != "." {
            if element == ".." {
                if let last = out.last, last != ".." {
                    out.removeLast()
                } else if !rooted {
                    out.append(element)
                }
            } else {
                out.append(element)
            }
        }
        let joined = (rooted ? "/" : "") + out.joined(separator: "/")
        return joined.isEmpty ? "." : joined
    }

    /// Whether a cleaned path climbs out of the directory the link recorded from.
    static func escapes(_ cleaned: String) -> Bool {
        cleaned == ".." || cleaned.hasPrefix("../")
    }

    /// A `MATCH … IN <prefix>` directory, cleaned: nil or `.` means no prefix.
    static func cleanPrefix(_ prefix: String?) -> String? {
        guard let prefix, !prefix.isEmpty else { return nil }
        let cleaned = clean(prefix)
        return cleaned == "." ? nil : cleaned
    }
}

extension InTotoArtifacts {
    /// The same artifacts under cleaned paths. Fails, with the reason, when a path cleans to one that
    /// escapes (`../x`), or two recorded paths clean to the same path with different hashes.
    func cleaned() -> Result<InTotoArtifacts, InTotoPathError> {
        func clean(_ set: [String: HashObject], _ side: String) -> Result<[String: HashObject], InTotoPathError> {
            var out: [String: HashObject] = [:]
            var from: [String: String] = [:]
            for path in set.keys.sorted() {
                let cleaned = InTotoPath.clean(path)
                if InTotoPath.escapes(cleaned) {
                    return .failure(InTotoPathError(message: "\(side) path \(PythonRepr.string(path)) cleans to \(PythonRepr.string(cleaned)), which escapes the artifact root"))
                }
                if let earlier = from[cleaned], out[cleaned] != set[path] {
                    return .failure(InTotoPathError(message: "\(side) paths \(PythonRepr.string(earlier)) and \(PythonRepr.string(path)) are both \(PythonRepr.string(cleaned)) but record different hashes"))
                }
                from[cleaned] = path
                out[cleaned] = set[path]
            }
            return .success(out)
        }
        return clean(materials, "materials").flatMap { m in
            clean(products, "products").map { p in InTotoArtifacts(name: name, command: command, materials: m, products: p) }
        }
    }
}

/// Why a link's artifact paths cannot be used.
struct InTotoPathError: Error, Sendable {
    /// One line, naming the path.
    let message: String
}
