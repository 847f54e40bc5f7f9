import AirlockFormats

extension ArchiveManifest {
    /// Checks the manifest against the files actually streamed (path → sha256).
    func check(against files: [String: String]) throws(ImportError) {
        let listed = Dictionary(uniqueKeysWithValues: self.files.map { ($0.path, $0.sha256) })
        for file in self.files.sorted(by: { $0.path < $1.path }) {
            guard let actual = files[file.path] else {
                throw ImportError(.manifestMismatch, "listed in \(Self.fileName) but missing from the archive", entry: file.path)
            }
            guard actual == file.sha256 else {
                throw ImportError(.manifestMismatch, "sha256 \(actual) differs from \(file.sha256) in \(Self.fileName)", entry: file.path)
            }
        }
        for path in files.keys.sorted() where path != Self.fileName && listed[path] == nil {
            throw ImportError(.manifestMismatch, "not listed in \(Self.fileName)", entry: path)
        }
    }
}
