public import Foundation

/// A fresh directory under the system temporary directory for one test, created at init and removed by
/// `remove()` or, at the latest, when the last reference goes away. Tests write
/// `defer { scratch.remove() }` right after creating one, so the directory outlives every path handed to
/// a child process (an optimiser may otherwise end the object's life at its last use).
///
/// A class because it owns something outside the process (the directory on disk) and removes it in `deinit`.
public final class ScratchDirectory {
    /// The directory itself.
    public let root: URL

    /// Creates `airlock-<label>-<uuid>` under the temporary directory.
    public init(_ label: String = "test") throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("airlock-\(label)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    deinit { remove() }

    /// Removes the directory and everything in it (again is harmless).
    public func remove() { try? FileManager.default.removeItem(at: root) }

    /// The URL of `name` inside the directory (nothing is created).
    public func url(_ name: String) -> URL { root.appendingPathComponent(name) }

    /// `<root>/state`: the state directory most tests use (not created).
    public var state: URL { url("state") }

    /// Writes bytes to `name` (creating intermediate directories) and returns its URL.
    @discardableResult
    public func write(_ data: Data, as name: String) throws -> URL {
        let target = url(name)
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: target)
        return target
    }

    /// Writes UTF-8 text to `name` and returns its URL.
    @discardableResult
    public func write(_ text: String, as name: String) throws -> URL {
        try write(Data(text.utf8), as: name)
    }

    /// Writes every `path: bytes` pair under the directory `name` and returns that directory's URL.
    @discardableResult
    public func write(files: [String: Data], under name: String) throws -> URL {
        for (path, data) in files { try write(data, as: name + "/" + path) }
        return url(name)
    }

    /// The names in `directory`, sorted, leaving out SQLite's transient `-wal` / `-shm` files (to compare a
    /// state directory before and after a command).
    public static func listing(_ directory: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { !$0.hasSuffix("-wal") && !$0.hasSuffix("-shm") }.sorted()
    }

    /// Packs the contents of `directory` (not the directory itself) into the tar `name` with GNU tar,
    /// owners zeroed, entries optionally under `prefix/`, and returns the archive's URL.
    @discardableResult
    public func tar(_ directory: URL, as name: String, prefix: String? = nil) throws -> URL {
        let archive = url(name)
        var arguments = ["-C", directory.path, "-cf", archive.path, "--owner=0", "--group=0"]
        if let prefix { arguments += ["--transform", "s,^\\.,\(prefix),"] }
        try Tool.tar.checked(arguments + ["."])
        return archive
    }
}
