import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why an input file cannot be read, in words an operator can act on: missing, a directory, a FIFO,
/// socket or device (never opened, so a FIFO cannot block the appliance), or the `open`/`read` error
/// (permission denied, I/O error…). Every such refusal is bad input with code `unreadable`.
enum InputFile {
    /// The problem with `path` as a regular input file, or nil when it is one.
    static func problem(_ path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else {
            return errno == ENOENT ? "no such file" : "cannot read the file: \(String(cString: strerror(errno)))"
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return nil
        case S_IFDIR: return "is a directory, not a file"
        case S_IFIFO: return "is a FIFO (named pipe), not a regular file"
        case S_IFSOCK: return "is a socket, not a regular file"
        case S_IFCHR, S_IFBLK: return "is a device, not a regular file"
        default: return "is not a regular file"
        }
    }

    /// Throws `unreadable` with the reason unless `path` is a regular file.
    static func requireRegular(_ path: String, what: String = "file") throws(ApplianceError) {
        if let problem = problem(path) {
            throw ApplianceError(.badInput, what == "file" ? problem : "\(what): \(problem)", code: "unreadable", file: path)
        }
    }

    /// The reason an `open` for reading fails (e.g. "permission denied"), or nil when it opens.
    static func openProblem(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { return "cannot read the file: \(String(cString: strerror(errno)).lowercased())" }
        close(fd)
        return nil
    }
}

/// Reads a whole regular file, refusing anything over `limit` bytes; a file that cannot be read is
/// refused with the reason (`InputFile`).
func readLimitedFile(_ path: String, limit: Int) throws(ApplianceError) -> Data {
    try InputFile.requireRegular(path)
    if let problem = InputFile.openProblem(path) {
        throw ApplianceError(.badInput, problem, code: "unreadable", file: path)
    }
    // stat(2), not FileManager's attribute dictionary: its `Any` values cost dynamic casts, each a scan of
    // the binary's protocol conformances the first time (a measurable part of a one-shot command).
    var info = stat()
    let size = stat(path, &info) == 0 ? Int(info.st_size) : 0
    guard size <= limit else {
        throw ApplianceError(.badInput, "file is \(size) bytes, over the \(limit)-byte limit", code: "limit-exceeded", file: path)
    }
    guard let handle = FileHandle(forReadingAtPath: path) else {
        throw ApplianceError(.badInput, "cannot read the file", code: "unreadable", file: path)
    }
    defer { try? handle.close() }
    do {
        let data = try handle.read(upToCount: limit + 1) ?? Data()
        guard data.count <= limit else {
            throw ApplianceError(.badInput, "file is over the \(limit)-byte limit", code: "limit-exceeded", file: path)
        }
        return data
    } catch let error as ApplianceError {
        throw error
    } catch {
        throw ApplianceError(.badInput, "cannot read the file: \(error.localizedDescription)", code: "unreadable", file: path)
    }
}
