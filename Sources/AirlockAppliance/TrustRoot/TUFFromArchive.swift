public import Foundation
import AirlockFormats
import AirlockImport
import AirlockVerify

extension TrustRootLibrary {
    /// Runs the offline TUF update of `name` from the `tuf/` folder of the transfer archive at `archive`
    /// (or of the directory given to `import --dir`), before the archive is imported: `metadata/` (with
    /// `root_history/`) and `targets/` inside `tuf/`, as `trustroot update` reads a directory. A refused
    /// update throws (`tuf.*`, exit 1) with nothing recorded; an archive without `tuf/` is `no-tuf-folder`.
    public func updateFromArchive(_ name: String, archive: URL, isDirectory: Bool, at: Date, now: Date = Date()) throws(ApplianceError) -> TUFUpdateReport {
        if isDirectory {
            let folder = archive.appendingPathComponent("tuf", isDirectory: true)
            guard FileManager.default.fileExists(atPath: folder.path) else { throw Self.noTUFFolder(archive) }
            return try updateTUF(name, directory: folder, at: at, now: now)
        }
        guard archive != ImportService.standardInput else {
            throw ApplianceError(.badInput, "--update-trust-root reads the archive twice and cannot take standard input", code: "usage", field: "--update-trust-root")
        }
        let files: [String: Data]
        do { files = try ArchiveTUFFolder.read(archive, limits: limits) } catch {
            throw ApplianceError(error, bundle: archive.path)
        }
        guard !files.isEmpty else { throw Self.noTUFFolder(archive) }
        let tuf = TUFFiles(
            metadata: { file in
                guard !file.contains("/") else { return nil }
                if file.hasSuffix(".root.json"), let data = files["metadata/root_history/\(file)"] { return data }
                return files["metadata/\(file)"] ?? files[file]
            },
            target: { file in file.contains("/") ? nil : files["targets/\(file)"] })
        return try updateTUF(name, files: tuf, origin: "archive:\(archive.lastPathComponent)#tuf/", at: at, now: now)
    }

    static func noTUFFolder(_ archive: URL) -> ApplianceError {
        ApplianceError(.badInput, "--update-trust-root: the bundle has no tuf/ folder (tuf/metadata/, tuf/targets/)", code: "no-tuf-folder", file: archive.path)
    }
}
