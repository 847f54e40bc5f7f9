import Foundation
import AirlockFormats
import AirlockStore

/// The single pass over a bundle archive: every header is vetted, every regular file is hashed while it
/// is copied into the staging area through a fixed ring of 1 MiB buffers, and every limit is enforced as bytes
/// flow, so memory stays flat and a hostile archive is stopped at the first bad byte.
///
/// Three threads share the work: this one runs libarchive, hashes each entry and checks the limits; the
/// raw archive is hashed beside it (`RawSource`); the staged files are written by a writer thread
/// (`StageWriter`; files up to 1 MiB are written inline), which also starts the writeback of large files,
/// so the single flush before commit finds little left to write.
struct ArchiveStreamer {
    let limits: Limits
    let hasherFactory: ContentHasherFactory
    let staging: StagingArea
    /// Asked before each entry; true stops the pass with `aborted` (the caller keeps its reason).
    var abandon: () -> Bool = { false }

    /// Streams `url` into the staging area.
    func stream(_ url: URL, progress: ImportProgressHandler?) throws(ImportError) -> StreamedArchive {
        let source = try RawSource(url: url, hasher: hasherFactory())
        let total = source.fileSize
        let state = State()
        if let progress {
            var lastReported: Int64 = -1
            source.onRead = { read in
                guard read - lastReported >= 4 << 20 || read == total else { return }
                lastReported = read
                progress(ImportProgress(archiveBytesRead: read, archiveBytesTotal: total, entries: state.entries, bytesStored: state.bytes))
            }
        }
        let reader = try ArchiveReader(source: source)
        let writer = StageWriter()

        while let entry = try reader.nextEntry() {
            if abandon() { throw ImportError(.aborted, "stopped while streaming", entry: "entry \(state.entries + 1)") }
            state.entries += 1
            guard state.entries <= limits.maxArchiveEntries else {
                throw ImportError(.limitExceeded, "more than \(limits.maxArchiveEntries) entries")
            }
            guard let raw = entry.rawPathname else { throw ImportError(.invalidName, "entry \(state.entries) has no readable name") }
            let path = try EntryPath.normalise(raw, limits: limits)
            guard !entry.isHardLink else { throw ImportError(.linkEntry, "hard links are not accepted", entry: path) }
            switch entry.kind {
            case .directory:
                continue
            case .symlink:
                // Kept by name only; resolved against the entry table once every entry is known.
                guard let target = entry.rawSymlinkTarget, !target.isEmpty else {
                    throw ImportError(.linkEntry, "symbolic link without a target", entry: path)
                }
                guard state.links[path] == nil || state.links[path] == target else {
                    throw ImportError(.duplicateEntry, "appears twice with different targets", entry: path)
                }
                state.links[path] = target
            case .other(let type):
                throw ImportError(.specialFile, "\(Self.describe(type)) entries are not accepted", entry: path)
            case .regular:
                guard !path.isEmpty else { throw ImportError(.invalidName, "regular file with an empty name") }
                if let declared = entry.declaredSize, declared > limits.maxEntryBytes {
                    throw ImportError(.limitExceeded, "entry of \(declared) bytes exceeds the \(limits.maxEntryBytes)-byte limit", entry: path)
                }
                try writer.checkFailure()
                let file = try copy(path: path, declared: entry.declaredSize, reader: reader, writer: writer, state: state)
                if let earlier = state.files[path] {
                    guard earlier.sha256 == file.sha256 else {
                        throw ImportError(.duplicateEntry, "appears twice with different content", entry: path)
                    }
                    try? FileManager.default.removeItem(at: file.staged)
                } else {
                    state.files[path] = file
                }
            }
        }
        try writer.finish()
        try ArchiveLinks.resolve(state.links, into: &state.files, limits: limits)
        guard !state.files.isEmpty else { throw ImportError(.emptyBundle, "the archive holds no regular file") }
        progress?(ImportProgress(archiveBytesRead: source.bytesRead, archiveBytesTotal: total, entries: state.entries, bytesStored: state.bytes))
        return StreamedArchive(archiveSHA256: source.finalizeDigest().lowercaseHex, archiveBytes: source.bytesRead,
                              files: state.files, entryCount: state.entries, bytes: state.bytes)
    }

    /// Mutable counters of the pass; a reference because the progress callback (run from inside
    /// libarchive's read callback) reads them while the copy loop updates them.
    private final class State {
        var entries = 0
        var bytes: Int64 = 0
        var files: [String: StreamedFile] = [:]
        /// Symbolic links: normalised path → raw target, resolved after the pass (`ArchiveLinks`).
        var links: [String: [UInt8]] = [:]
        var stagedCount = 0
        /// Bytes of small files kept in memory (`StreamedFile.contents`).
        var keptBytes: Int64 = 0
    }

    /// Copies the current entry's data into a staged file, hashing it and enforcing the limits per chunk.
    private func copy(path: String, declared: Int64?, reader: ArchiveReader, writer: StageWriter,
                      state: State) throws(ImportError) -> StreamedFile {
        state.stagedCount += 1
        let staged = try storeCall { try staging.createFile(number: state.stagedCount) }
        // A small file is written here: handing it to the writer thread costs more than writing it.
        let target = declared.map { $0 <= Self.inlineWriteBytes } == true ? nil : StageWriter.Target(staged, entry: path)
        var hasher = hasherFactory()
        var size: Int64 = 0
        // A small file is also kept in memory, so reading it back (manifests, indexes) costs no file access.
        var kept: Data?
        if let declared, declared <= Self.keptFileBytes, state.keptBytes + declared <= Self.keptTotalBytes {
            kept = Data(capacity: Int(declared))
        }
        while true {
            let buffer = writer.buffer()
            let count = try reader.readData(into: buffer)
            if count == 0 { break }
            size += Int64(count)
            state.bytes += Int64(count)
            guard size <= limits.maxEntryBytes else {
                throw ImportError(.limitExceeded, "entry exceeds the \(limits.maxEntryBytes)-byte limit", entry: path)
            }
            guard state.bytes <= limits.maxArchiveBytes else {
                throw ImportError(.limitExceeded, "archive content exceeds the \(limits.maxArchiveBytes)-byte limit", entry: path)
            }
            try checkRatio(produced: state.bytes, consumed: reader.compressedBytesConsumed, path: path)
            let chunk = UnsafeRawBufferPointer(rebasing: buffer[..<count])
            hasher.update(chunk)
            if kept != nil {
                if size <= Self.keptFileBytes { kept!.append(chunk.assumingMemoryBound(to: UInt8.self)) } else { kept = nil }
            }
            if let target {
                writer.write(count, to: target)
            } else {
                try storeCall { try staged.write(chunk) }
            }
        }
        if let target { writer.close(target) }
        if let kept { state.keptBytes += Int64(kept.count) }
        return StreamedFile(sha256: hasher.finalize().lowercaseHex, size: size, staged: staged.url, contents: kept)
    }

    /// Bytes of one staged file between two writeback requests; files smaller than this are left to the
    /// flush before commit (a writeback request per small file costs more than it saves).
    static let writebackStep: Int64 = 8 << 20
    /// Largest file written on the libarchive thread instead of the writer thread.
    static let inlineWriteBytes: Int64 = 1 << 20
    /// Largest file also kept in memory for reading back during the import (metadata is small).
    static let keptFileBytes: Int64 = 64 << 10
    /// Memory for all kept files together; beyond it, files are read back from their staged copies.
    static let keptTotalBytes: Int64 = 8 << 20

    /// The decompression-bomb guard: past the grace amount, output may not exceed ratio × input.
    private func checkRatio(produced: Int64, consumed: Int64, path: String) throws(ImportError) {
        guard produced > limits.compressionRatioGraceBytes else { return }
        let (limit, overflow) = max(consumed, 1).multipliedReportingOverflow(by: limits.maxCompressionRatio)
        guard overflow || produced <= limit else {
            throw ImportError(.decompressionBomb,
                              "\(produced) bytes from \(consumed) compressed bytes exceeds the \(limits.maxCompressionRatio):1 ratio limit",
                              entry: path)
        }
    }

    private static func describe(_ type: UInt32) -> String {
        switch type {
        case 0o020000: return "character device"
        case 0o060000: return "block device"
        case 0o010000: return "FIFO"
        case 0o140000: return "socket"
        default: return "file type 0o\(String(type, radix: 8))"
        }
    }
}

/// Runs a store operation, reporting its failure as an internal (`.store`) import error, except text the
/// bundle brought that the catalogue cannot hold whole (`invalid-text`, the bundle's fault).
func storeCall<T>(_ body: () throws -> T) throws(ImportError) -> T {
    do {
        return try body()
    } catch let error as StoreError where error.code == .nulInText {
        throw ImportError(.invalidText, error.reason)
    } catch let error as StoreError {
        throw ImportError(.store, error.description)
    } catch {
        throw ImportError(.store, "\(error)")
    }
}
