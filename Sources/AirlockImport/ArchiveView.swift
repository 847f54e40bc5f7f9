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
        do {
            return try Data(contentsOf: file.staged)
        } catch {
            throw ImportError(.store, "cannot read staged copy: \(error.localizedDescription)", entry: path)
        }
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
