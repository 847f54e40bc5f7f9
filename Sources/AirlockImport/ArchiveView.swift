import Foundation
import AirlockFormats
import AirlockStore

/// Read access to the streamed (staged) files of a bundle by normalised path or by digest,
/// with the metadata size limit applied to every read.
struct ArchiveView {
    let files: [String: StreamedFile]
    let limits: Limits
    let hasherFactory: ContentHasherFactory
    /// One path per distinct SHA-256 (the lexicographically first), so a descriptor can be resolved
    /// from any layout that carries the blob.
    let pathBySHA256: [String: String]

    init(files: [String: StreamedFile], limits: Limits, hasherFactory: @escaping ContentHasherFactory) {
        self.files = files
        self.limits = limits
        self.hasherFactory = hasherFactory
        var bySHA: [String: String] = [:]
        for (path, file) in files where bySHA[file.sha256].map({ path < $0 }) ?? true {
            bySHA[file.sha256] = path
        }
        pathBySHA256 = bySHA
    }

    /// Reads a whole file no larger than `Limits.maxMetadataBytes`.
    func read(_ path: String) throws(ImportError) -> Data {
        guard let file = files[path] else { throw ImportError(.invalidLayout, "file is missing", entry: path) }
        guard file.size <= Int64(limits.maxMetadataBytes) else {
            throw ImportError(.limitExceeded, "metadata file of \(file.size) bytes exceeds the \(limits.maxMetadataBytes)-byte limit", entry: path)
        }
        if let contents = file.contents { return contents }
        do {
            return try Data(contentsOf: file.staged)
        } catch {
            throw ImportError(.store, "cannot read staged copy: \(error.localizedDescription)", entry: path)
        }
    }

    /// The regular files under `name/` at the root or under `<folder>/name/` (as `ArchiveFolder` finds a
    /// folder), by path relative to it: at most `Limits.maxTUFEntries` files, `Limits.maxJSONBytes` in all.
    func folder(_ name: String) throws(ImportError) -> [String: Data] {
        var out: [String: Data] = [:]
        var total = 0
        for path in files.keys.sorted() {
            let parts = path.split(separator: "/")
            guard let at = parts.firstIndex(where: { $0 == name }), at <= 1, at < parts.count - 1 else { continue }
            guard out.count < limits.maxTUFEntries else {
                throw ImportError(.limitExceeded, "\(name)/ holds more than \(limits.maxTUFEntries) files", entry: path)
            }
            let data = try read(path)
            total += data.count
            guard total <= limits.maxJSONBytes else {
                throw ImportError(.limitExceeded, "the \(name)/ folder holds more than \(limits.maxJSONBytes) bytes", entry: path)
            }
            out[parts[(at + 1)...].joined(separator: "/")] = data
        }
        return out
    }

    /// The lowercase-hex SHA-256 of in-memory bytes (descriptor `data` fields).
    func sha256Hex(_ data: Data) -> String {
        ContentHashing.sha256Hex(of: data, using: hasherFactory)
    }
}

/// Maps a parse failure in a bundle file to an import error naming that file.
func parsing<T>(_ path: String, code: ImportError.Code = .invalidLayout, _ body: () throws(FormatError) -> T) throws(ImportError) -> T {
    do {
        return try body()
    } catch {
        throw ImportError(error.code == .limitExceeded ? .limitExceeded : code, error.description, entry: path)
    }
}
