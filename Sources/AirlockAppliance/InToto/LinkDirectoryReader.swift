import AirlockFormats
import AirlockVerify
import Foundation

/// Reads an in-toto link directory: its `*.link` files and, for sublayouts, its `<step>.<keyid8>`
/// subdirectories, within `Limits` (file count, file size, nesting depth). Other files are not read.
struct LinkDirectoryReader {
    let limits: Limits

    func read(_ path: String, depth: Int) throws -> InTotoLinkDirectory {
        let fm = FileManager.default
        let names: [String]
        do {
            names = try fm.contentsOfDirectory(atPath: path).sorted()
        } catch {
            throw ApplianceError(.badInput, "not a readable directory", code: "unreadable", file: path)
        }
        var files: [String: Data] = [:]
        var subdirectories: [String: InTotoLinkDirectory] = [:]
        for name in names {
            let full = (path as NSString).appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: full, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
                if depth < limits.maxInTotoSublayoutDepth, Self.isSublayoutDirectory(name) {
                    subdirectories[name] = try read(full, depth: depth + 1)
                }
            } else if name.hasSuffix(".link") {
                guard files.count < limits.maxInTotoLinkFiles else {
                    throw ApplianceError(.badInput, "holds more than \(limits.maxInTotoLinkFiles) link files", code: "limit-exceeded", file: path)
                }
                files[name] = try Self.readFile(full, maxBytes: limits.maxJSONBytes)
            }
        }
        return InTotoLinkDirectory(label: path, files: files, subdirectories: subdirectories)
    }

    /// `<step>.<8 characters>`: the directory a sublayout's links live in.
    static func isSublayoutDirectory(_ name: String) -> Bool {
        guard let dot = name.lastIndex(of: ".") else { return false }
        return dot > name.startIndex && name[name.index(after: dot)...].count == 8
    }

    /// Reads a regular file (symbolic links followed) of at most `maxBytes`: `readLimitedFile`, the one
    /// reader of bounded input files (refusals name the file and the reason: missing, not a regular
    /// file, unreadable, over the limit).
    static func readFile(_ path: String, maxBytes: Int) throws(ApplianceError) -> Data {
        try readLimitedFile(path, limit: maxBytes)
    }
}
