import AirlockFormats

extension ArchiveManifest {
    /// The path of the archive's `airlock-bundle.json`, wherever it is, or nil when there is none.
    /// More than one is refused: which one governs would be ambiguous.
    static func locate(in paths: [String]) throws(ImportError) -> String? {
        let found = paths.filter { $0 == fileName || $0.hasSuffix("/" + fileName) }.sorted()
        guard found.count <= 1 else {
            throw ImportError(.manifestMismatch, "\(found.count) copies of \(fileName) (\(found.joined(separator: ", "))); exactly one may govern a bundle",
                              entry: found[1])
        }
        return found.first
    }

    /// Checks the manifest at `manifestPath` against the files actually streamed (path → sha256). Listed
    /// paths are relative to the manifest's folder, and every file of the archive must be inside that folder:
    /// a manifest in a subfolder governs the whole archive exactly as one at the root does.
    func check(against files: [String: String], at manifestPath: String = Self.fileName) throws(ImportError) {
        let folder = String(manifestPath.dropLast(Self.fileName.count))
        var relative: [String: String] = [:]
        for (path, sha256) in files.sorted(by: { $0.key < $1.key }) {
            guard path.hasPrefix(folder) else {
                throw ImportError(.manifestMismatch, "outside \(folder), the folder of \(manifestPath), so not covered by it", entry: path)
            }
            relative[String(path.dropFirst(folder.count))] = sha256
        }
        let listed = Dictionary(uniqueKeysWithValues: self.files.map { ($0.path, $0.sha256) })
        for file in self.files.sorted(by: { $0.path < $1.path }) {
            guard let actual = relative[file.path] else {
                throw ImportError(.manifestMismatch, "listed in \(manifestPath) but missing from the archive", entry: folder + file.path)
            }
            guard actual == file.sha256 else {
                throw ImportError(.manifestMismatch, "sha256 \(actual) differs from \(file.sha256) in \(manifestPath)", entry: folder + file.path)
            }
        }
        for path in relative.keys.sorted() where path != Self.fileName && listed[path] == nil {
            throw ImportError(.manifestMismatch, "not listed in \(manifestPath)", entry: folder + path)
        }
    }
}
