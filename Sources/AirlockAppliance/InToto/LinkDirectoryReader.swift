import AirlockFormats
import AirlockVerify
import Foundation
#if canImport(Glibc)
import Glibc
#endif

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

    /// Reads a regular file (symbolic links followed) of at most `maxBytes`.
    static func readFile(_ path: String, maxBytes: Int) throws -> Data {
        // realpath(3) rather than Foundation's URL (whose path parsing costs more than reading a link file);
        // a path it cannot resolve is kept as given, and the checks below name the problem.
        let resolved = realpath(path, nil).map { pointer in
            defer { free(pointer) }
            return String(cString: pointer)
        } ?? path
        // stat(2) directly: FileManager's attribute dictionary costs dynamic casts of `Any`, each a scan of
        // the binary's protocol conformances the first time.
        var info = stat()
        guard stat(resolved, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            let why = InputFile.problem(resolved) ?? "not a regular file"
            throw ApplianceError(.badInput, "not a readable regular file: \(why)", code: "unreadable", file: path)
        }
        if info.st_size > maxBytes {
            throw ApplianceError(.badInput, "is \(info.st_size) bytes; the limit is \(maxBytes)", code: "limit-exceeded", file: path)
        }
        guard let data = FileManager.default.contents(atPath: resolved) else {
            throw ApplianceError(.badInput, InputFile.openProblem(resolved) ?? "cannot be read", code: "unreadable", file: path)
        }
        guard data.count <= maxBytes else {
            throw ApplianceError(.badInput, "is \(data.count) bytes; the limit is \(maxBytes)", code: "limit-exceeded", file: path)
        }
        return data
    }
}
