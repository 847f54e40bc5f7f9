import Foundation
import AirlockFormats
import AirlockStore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `airlock import --dir`: stages an unpacked tree exactly as `ArchiveStreamer` stages an archive
/// (same entry, size and count limits, same path rules), without taring it first.
///
/// Symbolic links, device files, FIFOs and sockets are refused; nothing outside the tree is read.
/// The "archive digest" of a tree is the SHA-256 of its manifest text: one line
/// `<sha256 hex>  <path>\n` per regular file (the `sha256sum` format), sorted by path bytes. The
/// same tree always gives the same digest, whatever the file order, times or owners on disk.
struct DirectoryStreamer {
    let limits: Limits
    let hasherFactory: ContentHasherFactory
    let staging: StagingArea
    /// Asked before each entry; true stops the pass with `aborted` (the caller keeps its reason).
    var abandon: () -> Bool = { false }

    /// Streams every regular file under `root` into the staging area.
    func stream(_ root: URL, progress: ImportProgressHandler?) throws(ImportError) -> StreamedArchive {
        var files: [String: StreamedFile] = [:]
        var entries = 0
        var bytes: Int64 = 0
        var pending = [""]
        while let relative = pending.popLast() {
            let directory = relative.isEmpty ? root : root.appendingPathComponent(relative)
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
            } catch {
                throw ImportError(.cannotOpen, "cannot read directory: \(error.localizedDescription)", entry: relative.isEmpty ? "." : relative)
            }
            for name in names {
                if abandon() { throw ImportError(.aborted, "stopped while reading the directory", entry: relative.isEmpty ? name : relative + "/" + name) }
                entries += 1
                guard entries <= limits.maxArchiveEntries else {
                    throw ImportError(.limitExceeded, "more than \(limits.maxArchiveEntries) entries")
                }
                let path = try EntryPath.normalise(Array((relative.isEmpty ? name : relative + "/" + name).utf8), limits: limits)
                var info = stat()
                guard lstat(root.appendingPathComponent(path).path, &info) == 0 else {
                    throw ImportError(.cannotOpen, "cannot stat: \(String(cString: strerror(errno)))", entry: path)
                }
                switch info.st_mode & S_IFMT {
                case S_IFDIR:
                    pending.append(path)
                case S_IFLNK:
                    throw ImportError(.linkEntry, "symbolic links are not accepted in an imported directory", entry: path)
                case S_IFREG:
                    let file = try copy(root.appendingPathComponent(path), path: path, number: files.count + 1, total: &bytes)
                    files[path] = file
                    progress?(ImportProgress(archiveBytesRead: bytes, archiveBytesTotal: nil, entries: entries, bytesStored: bytes))
                default:
                    throw ImportError(.specialFile, "only regular files and directories are accepted", entry: path)
                }
            }
        }
        guard !files.isEmpty else { throw ImportError(.emptyBundle, "the directory holds no regular file") }
        var digest = hasherFactory()
        for path in files.keys.sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }) {
            Data("\(files[path]!.sha256)  \(path)\n".utf8).withUnsafeBytes { digest.update($0) }
        }
        return StreamedArchive(archiveSHA256: digest.finalize().lowercaseHex, archiveBytes: bytes,
                              files: files, entryCount: entries, bytes: bytes)
    }

    private func copy(_ url: URL, path: String, number: Int, total: inout Int64) throws(ImportError) -> StreamedFile {
        guard let handle = try? FileHandle(forReadingFrom: url) else {
            throw ImportError(.cannotOpen, "cannot open file", entry: path)
        }
        defer { try? handle.close() }
        let staged = try storeCall { try staging.createFile(number: number) }
        var hasher = hasherFactory()
        var size: Int64 = 0
        while true {
            let chunk: Data
            do {
                chunk = try handle.read(upToCount: RawSource.bufferSize) ?? Data()
            } catch {
                throw ImportError(.cannotOpen, "read failed: \(error.localizedDescription)", entry: path)
            }
            if chunk.isEmpty { break }
            size += Int64(chunk.count)
            total += Int64(chunk.count)
            guard size <= limits.maxEntryBytes else {
                throw ImportError(.limitExceeded, "entry exceeds the \(limits.maxEntryBytes)-byte limit", entry: path)
            }
            guard total <= limits.maxArchiveBytes else {
                throw ImportError(.limitExceeded, "archive content exceeds the \(limits.maxArchiveBytes)-byte limit", entry: path)
            }
            let failure: ImportError? = chunk.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> ImportError? in
                hasher.update(raw)
                do { try staged.write(raw) } catch { return ImportError(.store, "\(error)") }
                return nil
            }
            if let failure { throw failure }
        }
        try storeCall { try staged.finish() }
        return StreamedFile(sha256: hasher.finalize().lowercaseHex, size: size, staged: staged.url)
    }
}
