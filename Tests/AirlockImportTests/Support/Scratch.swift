import Foundation
import AirlockFormats
import AirlockImport
import AirlockStore
import AirlockAppliance

/// TEST ONLY: a scratch directory with a state directory inside, removed at deinit.
final class Scratch {
    let root: URL
    var state: URL { root.appendingPathComponent("state") }

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("airlock-import-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    /// Writes bytes to `name` in the scratch directory.
    func write(_ data: Data, as name: String) throws -> URL {
        let url = root.appendingPathComponent(name)
        try data.write(to: url)
        return url
    }

    /// An importer on this scratch state directory.
    func importer(limits: Limits = .default) throws -> ArchiveImporter {
        ArchiveImporter(store: try Store(stateDirectory: state), limits: limits, hasherFactory: SHA256ContentHasher.factory)
    }

    /// Everything observable about the store: catalogue row counts, blob names, staging leftovers.
    func snapshot() throws -> StoreSnapshot {
        let store = try Store(stateDirectory: state)
        let fm = FileManager.default
        return StoreSnapshot(
            rows: try store.catalogue.rowCounts(),
            blobs: Set(try fm.contentsOfDirectory(atPath: store.blobs.blobsDirectory.path)),
            staging: Set(try fm.contentsOfDirectory(atPath: store.blobs.tmpDirectory.path)))
    }

    /// Runs a program, failing the test setup if it exits non-zero.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String], input: Data? = nil) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        let inputPipe = Pipe()
        if input != nil { process.standardInput = inputPipe }
        try process.run()
        if let input {
            inputPipe.fileHandleForWriting.write(input)
            try inputPipe.fileHandleForWriting.close()
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw NSError(domain: "Scratch", code: Int(process.terminationStatus), userInfo: [NSLocalizedDescriptionKey: "\(executable) \(arguments) failed"])
        }
        return data
    }

    /// Packs `directory`'s contents (not the directory itself) with GNU tar, optionally under `prefix/`.
    func pack(_ directory: URL, as name: String, prefix: String? = nil, compressor: String? = nil) throws -> URL {
        let tarURL = root.appendingPathComponent(name)
        var arguments = ["-C", directory.path, "-cf", tarURL.path, "--owner=0", "--group=0"]
        if let prefix { arguments += ["--transform", "s,^\\.,\(prefix),"] }
        arguments.append(".")
        try Self.run("/usr/bin/tar", arguments)
        guard let compressor else { return tarURL }
        let compressed = try Self.run("/usr/bin/\(compressor)", ["-c", tarURL.path])
        return try write(compressed, as: name)
    }
}

/// TEST ONLY: what the store looks like, compared before and after a rejected import.
struct StoreSnapshot: Equatable {
    var rows: [String: Int]
    var blobs: Set<String>
    var staging: Set<String>
}
