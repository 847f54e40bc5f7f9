public import Foundation
public import AirlockFormats
import AirlockStore

/// Reads the `tuf/` folder of a transfer archive before it is imported (`airlock import --update-trust-root`),
/// so a refused TUF update can refuse the import with nothing stored. The folder is `tuf/` at the root, or
/// `<folder>/tuf/` when the archive holds one folder (as `airlock-bundle.json` may be, D18). Only regular
/// files are read, at most `Limits.maxTUFEntries` of them and `Limits.maxJSONBytes` in all; names are
/// normalised as on import (no `..`, no absolute paths). Returns paths relative to the `tuf/` folder.
public enum ArchiveTUFFolder {
    /// The files under the archive's `tuf/` folder by relative path (empty when it has none).
    public static func read(_ url: URL, limits: Limits) throws(ImportError) -> [String: Data] {
        try ArchiveFolder.read(url, folder: "tuf", limits: limits)
    }
}

/// Reads one top-level folder of a transfer archive before it is imported: `tuf/` (`ArchiveTUFFolder`) or
/// `checkpoints/` (consistency proofs, D23). The folder is `<name>/` at the root, or `<folder>/<name>/` when
/// the archive holds one folder. Only regular files are read, at most `Limits.maxTUFEntries` of them and
/// `Limits.maxJSONBytes` in all; names are normalised as on import (no `..`, no absolute paths). The
/// archive itself is not hashed on this pass (the import that follows hashes it, once): what the folder
/// holds is signed metadata, checked by its own signatures.
public enum ArchiveFolder {
    /// The files under the archive's `name/` folder by path relative to it (empty when it has none).
    public static func read(_ url: URL, folder name: String, limits: Limits) throws(ImportError) -> [String: Data] {
        let reader = try ArchiveReader(source: try RawSource(url: url, hasher: NotHashing()))
        var files: [String: Data] = [:]
        var entries = 0
        var total = 0
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
        defer { buffer.deallocate() }
        while let entry = try reader.nextEntry() {
            entries += 1
            guard entries <= limits.maxArchiveEntries else {
                throw ImportError(.limitExceeded, "archive has more than \(limits.maxArchiveEntries) entries")
            }
            guard case .regular = entry.kind, let raw = entry.rawPathname else { continue }
            let path = try EntryPath.normalise(raw, limits: limits)
            let parts = path.split(separator: "/")
            guard let at = parts.firstIndex(where: { $0 == name }), at <= 1, at < parts.count - 1 else { continue }
            let relative = parts[(at + 1)...].joined(separator: "/")
            guard files.count < limits.maxTUFEntries else {
                throw ImportError(.limitExceeded, "\(name)/ holds more than \(limits.maxTUFEntries) files", entry: path)
            }
            var data = Data()
            while true {
                let count = try reader.readData(into: buffer)
                if count == 0 { break }
                data.append(buffer.baseAddress!.assumingMemoryBound(to: UInt8.self), count: count)
                total += count
                guard total <= limits.maxJSONBytes else {
                    throw ImportError(.limitExceeded, "the \(name)/ folder holds more than \(limits.maxJSONBytes) bytes", entry: path)
                }
            }
            files[relative] = data
        }
        return files
    }
}

/// The hasher of a pass that needs no digest of the archive (the folder pre-pass): it discards the bytes.
private struct NotHashing: ContentHasher {
    mutating func update(_ buffer: UnsafeRawBufferPointer) {}
    mutating func finalize() -> Data { Data() }
}
