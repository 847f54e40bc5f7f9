public import Foundation
import AirlockCrypto
import AirlockFormats
import AirlockImport
import AirlockVerify

/// One file of a transfer archive's `checkpoints/` folder, parsed but not yet verified: a signed
/// checkpoint or a C2SP tlog-witness `add-checkpoint` body, as `trustroot checkpoint add` takes (D23).
public struct ArchiveCheckpointFile: Sendable, Equatable {
    /// The file inside the archive (or `--dir` tree): `checkpoints/<name>`.
    public let entry: String
    /// The checkpoint origin, as the note says.
    public let origin: String
    /// The checkpoint's tree size, as the note says.
    public let size: UInt64
    let old: UInt64?
    let proof: [Data]
    let note: String
}

/// The `checkpoints/` folder of an archive being imported and what has been done with it so far.
public struct ArchiveCheckpoints: Sendable {
    /// The archive (or `--dir` tree), for error messages.
    public let archive: String
    /// Files not yet applied (their proof starts at a size not held yet).
    public var pending: [ArchiveCheckpointFile]
    /// What each applied file did, in the order applied.
    public var outcomes: [ArchiveCheckpointOutcome] = []

    /// A folder of `archive` with `pending` files (none: an archive without a `checkpoints/` folder).
    public init(archive: String, pending: [ArchiveCheckpointFile] = []) {
        self.archive = archive
        self.pending = pending
    }

    /// Every outcome by file name, once `finish` has run (nil when the folder held no file).
    public var report: [ArchiveCheckpointOutcome]? {
        outcomes.isEmpty && pending.isEmpty ? nil : outcomes.sorted { $0.file < $1.file }
    }
}

extension TrustRootLibrary {
    /// Reads and parses the `checkpoints/` folder of the archive at `archive` (or the directory given to
    /// `import --dir`) before anything is imported: `*.txt` and `*.checkpoint` files under `checkpoints/` (at
    /// the root, or `<folder>/checkpoints/` in an archive of one folder, as `tuf/` is found); other names
    /// are not read. A file that is not UTF-8, not a well-formed `add-checkpoint` body or whose note does not
    /// parse as a checkpoint is `bad-checkpoint` (exit 2) naming the file and the line. Standard input is
    /// read once by the import, so its `checkpoints/` folder is not read (empty result).
    public func archiveCheckpoints(_ archive: URL, isDirectory: Bool) throws(ApplianceError) -> ArchiveCheckpoints {
        var files: [String: Data] = [:]
        if isDirectory {
            files = try Self.directoryFolder(archive.appendingPathComponent("checkpoints", isDirectory: true), limits: limits)
        } else if archive != ImportService.standardInput {
            do { files = try ArchiveFolder.read(archive, folder: "checkpoints", limits: limits) } catch {
                throw ApplianceError(error, bundle: archive.path)
            }
        }
        return try archiveCheckpoints(files: files, archive: archive.path)
    }

    /// Parses the files of a `checkpoints/` folder (path relative to it → bytes), as the import hands them
    /// over from its single pass: `*.txt` and `*.checkpoint` only; errors as `archiveCheckpoints(_:isDirectory:)`.
    public func archiveCheckpoints(files: [String: Data], archive: String) throws(ApplianceError) -> ArchiveCheckpoints {
        var parsed: [ArchiveCheckpointFile] = []
        for name in files.keys.sorted() where name.hasSuffix(".txt") || name.hasSuffix(".checkpoint") {
            parsed.append(try parseArchiveCheckpoint(files[name]!, entry: "checkpoints/\(name)", archive: archive))
        }
        return ArchiveCheckpoints(archive: archive, pending: parsed)
    }

    /// Applies the pending files of `folder` exactly as `trustroot checkpoint add` does, with the trust root
    /// (embedded or stored) one of whose logs verifies the note: a proof that verifies connects the
    /// checkpoint; one that fails is a split view, recorded and thrown (`tlog-split-view`, exit 1) naming the
    /// file; a note no log verifies is reported `unknown-log` and ignored. A proof from a size not held yet
    /// stays pending (the import's verification may hold it); with `final`, it is reported `no-base` and
    /// ignored. Files are retried while one of them changes what is held (a chain of proofs in any order).
    public func applyArchiveCheckpoints(_ folder: inout ArchiveCheckpoints, final: Bool, now: Date = Date()) throws(ApplianceError) {
        guard !folder.pending.isEmpty else { return }
        var roots: [(name: String, material: TrustMaterial)] = []
        for entry in try list().trustRoots {
            guard let material = try? resolve(entry.name).material(limits: limits) else { continue }
            roots.append((entry.name, material))
        }
        var progress = true
        while progress && !folder.pending.isEmpty {
            progress = false
            var next: [ArchiveCheckpointFile] = []
            for file in folder.pending {
                guard let (root, verified) = roots.lazy.compactMap({ root in
                    (try? LogCheckpoints.verify(note: file.note, trust: root.material, limits: self.limits)).map { (root.name, $0) }
                }).first else {
                    folder.outcomes.append(ArchiveCheckpointOutcome(
                        file: file.entry, outcome: "unknown-log", origin: file.origin, size: Int64(file.size), trustRoot: nil,
                        message: "no log of any trust root (\(roots.map(\.name).joined(separator: ", "))) verifies the checkpoint; ignored"))
                    progress = true
                    continue
                }
                do {
                    let report = try addVerifiedCheckpoint(verified, old: file.old, proof: file.proof, note: file.note,
                                                           file: folder.archive, entry: file.entry, now: now)
                    folder.outcomes.append(ArchiveCheckpointOutcome(file: file.entry, outcome: report.outcome, origin: report.origin,
                                                                   size: report.size, trustRoot: root, message: report.message))
                    progress = true
                } catch {
                    guard error.code == "unknown-checkpoint-size" else { throw error }
                    next.append(file)
                }
            }
            folder.pending = next
        }
        guard final else { return }
        for file in folder.pending {
            folder.outcomes.append(ArchiveCheckpointOutcome(
                file: file.entry, outcome: "no-base", origin: file.origin, size: Int64(file.size), trustRoot: nil,
                message: "no checkpoint of size \(file.old ?? 0) is held for \(file.origin); the proof cannot be checked; ignored"))
        }
        folder.pending = []
    }

    /// One file: UTF-8, the `add-checkpoint` framing (`splitWitnessBody`, as `checkpoint add`), and a note that
    /// parses as a checkpoint; errors name the archive, the file and the line.
    func parseArchiveCheckpoint(_ data: Data, entry: String, archive: String) throws(ApplianceError) -> ArchiveCheckpointFile {
        guard let text = String(data: data, encoding: .utf8) else {
            throw ApplianceError(.badInput, "the checkpoint file is not UTF-8", code: "bad-checkpoint", file: archive, entry: entry)
        }
        let (old, proof, note) = try splitWitnessBody(text, file: archive, entry: entry)
        let line = old == nil ? 1 : proof.count + 3
        let checkpoint: Checkpoint
        do { checkpoint = try Checkpoint.parse(noteText: try SignedNote.parse(note, limits: limits).text) } catch {
            throw ApplianceError(.badInput, "line \(line): the checkpoint does not parse: \(error)", code: "bad-checkpoint", file: archive, entry: entry)
        }
        return ArchiveCheckpointFile(entry: entry, origin: checkpoint.origin, size: checkpoint.size, old: old, proof: proof, note: note)
    }

    /// The files under `folder` of a `--dir` tree by relative path (empty when it has none): regular files
    /// only (a symbolic link is refused, as `import --dir` does), bounded as an archive's folder is.
    static func directoryFolder(_ folder: URL, limits: Limits) throws(ApplianceError) -> [String: Data] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else { return [:] }
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey, .isSymbolicLinkKey]) else {
            throw ApplianceError(.badInput, "cannot list the checkpoints/ folder", code: "unreadable", file: folder.path)
        }
        var files: [String: Data] = [:]
        var total = 0
        let base = folder.standardizedFileURL.path + "/"
        for case let url as URL in walker {
            let values = try? url.resourceValues(forKeys: [.isRegularFileKey, .isSymbolicLinkKey])
            let path = url.standardizedFileURL.path
            let relative = path.hasPrefix(base) ? String(path.dropFirst(base.count)) : url.lastPathComponent
            if values?.isSymbolicLink == true {
                throw ApplianceError(.badInput, "symbolic links are refused", code: "unsafe-path", file: folder.path, entry: "checkpoints/\(relative)")
            }
            guard values?.isRegularFile == true else { continue }
            guard files.count < limits.maxTUFEntries else {
                throw ApplianceError(.badInput, "checkpoints/ holds more than \(limits.maxTUFEntries) files", code: "limit-exceeded", file: folder.path)
            }
            let data = try readLimitedFile(path, limit: limits.maxJSONBytes - total)
            total += data.count
            files[relative] = data
        }
        return files
    }
}
