import Foundation

extension ReportService {
    /// Writes `html` to `path` atomically: into a temporary file beside it (same directory, so the same
    /// file system), flushed, then renamed over the target, so a reader sees the old report or the whole
    /// new one, never a torn page. A directory that cannot be written is bad input (`output-unwritable`).
    public static func write(_ html: String, to path: String) throws(ApplianceError) {
        let target = URL(fileURLWithPath: path)
        let directory = target.deletingLastPathComponent()
        let temporary = directory.appendingPathComponent(".\(target.lastPathComponent).airlock-tmp-\(UUID().uuidString)")
        do {
            guard FileManager.default.createFile(atPath: temporary.path, contents: nil, attributes: [.posixPermissions: 0o644]) else {
                throw CocoaError(.fileWriteNoPermission)
            }
            let handle = try FileHandle(forWritingTo: temporary)
            defer { try? handle.close() }
            try handle.write(contentsOf: Data(html.utf8))
            try handle.synchronize()
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw ApplianceError(.badInput, "cannot write the report beside \(path): \(error.localizedDescription)", code: "output-unwritable",
                                 file: path)
        }
        guard rename(temporary.path, target.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw ApplianceError(.badInput, "cannot write the report to \(path): \(reason)", code: "output-unwritable", file: path)
        }
    }
}
