import Foundation
import Testing
import AirlockTestKit
import AirlockFormats
import AirlockImport
import AirlockStore

/// One hostile archive, what it must be rejected with, and which entry must be named.
struct HostileCase: Sendable, CustomTestStringConvertible {
    let name: String
    let code: ImportError.Code
    let entry: String?
    var limits: Limits = .default
    let build: @Sendable () throws -> Data

    var testDescription: String { name }
}

private func tar(_ body: (inout TarWriter) -> Void) -> Data {
    var writer = TarWriter()
    writer.add("ok.txt", "fine")
    body(&writer)
    return writer.archive
}

private func gzip(_ data: Data) throws -> Data { try Tool.gzip.checked(["-c"], stdin: .data(data)) }

private func manifest(_ files: [(String, String)]) -> Data {
    let list = files.map { "{\"path\":\"\($0.0)\",\"sha256\":\"\($0.1)\"}" }.joined(separator: ",")
    return Data("{\"name\":\"rel\",\"files\":[\(list)]}".utf8)
}

private let okSHA = LayoutBuilder.sha256(Data("fine".utf8))

let hostileCases: [HostileCase] = [
    HostileCase(name: "absolute path", code: .unsafePath, entry: "/etc/passwd") { tar { $0.add("/etc/passwd", "root") } },
    HostileCase(name: "dot-dot component", code: .unsafePath, entry: "../evil") { tar { $0.add("../evil", "x") } },
    HostileCase(name: "dot-dot inside", code: .unsafePath, entry: "a/../../b") { tar { $0.add("a/../../b", "x") } },
    HostileCase(name: "symlink", code: .linkEntry, entry: "link") {
        tar { $0.add(name: Array("link".utf8), kind: .symlink, linkName: "/etc/passwd") }
    },
    HostileCase(name: "hard link", code: .linkEntry, entry: "hard") {
        tar { $0.add(name: Array("hard".utf8), kind: .hardLink, linkName: "ok.txt") }
    },
    HostileCase(name: "character device", code: .specialFile, entry: "dev/null") {
        tar { $0.add(name: Array("dev/null".utf8), kind: .characterDevice) }
    },
    HostileCase(name: "block device", code: .specialFile, entry: "dev/sda") {
        tar { $0.add(name: Array("dev/sda".utf8), kind: .blockDevice) }
    },
    HostileCase(name: "FIFO", code: .specialFile, entry: "pipe") { tar { $0.add(name: Array("pipe".utf8), kind: .fifo) } },
    HostileCase(name: "name not UTF-8", code: .invalidName, entry: nil) {
        tar { $0.add(name: [0x62, 0x61, 0x64, 0xFF, 0xFE], content: Data("x".utf8)) }
    },
    HostileCase(name: "name longer than maxPathBytes", code: .limitExceeded, entry: nil) {
        tar { $0.add(String(repeating: "d/", count: 600) + "f", "x") }
    },
    HostileCase(name: "too many entries", code: .limitExceeded, entry: nil, limits: { var l = Limits(); l.maxArchiveEntries = 3; return l }()) {
        tar { for i in 0..<5 { $0.add("f\(i)", "x") } }
    },
    HostileCase(name: "entry over maxEntryBytes", code: .limitExceeded, entry: "big",
                limits: { var l = Limits(); l.maxEntryBytes = 1000; return l }()) {
        tar { $0.add("big", data: Data(count: 2000)) }
    },
    HostileCase(name: "total over maxArchiveBytes", code: .limitExceeded, entry: "b",
                limits: { var l = Limits(); l.maxArchiveBytes = 3000; return l }()) {
        tar { $0.add("a", data: Data(count: 2000)); $0.add("b", data: Data(count: 2000)) }
    },
    HostileCase(name: "decompression bomb", code: .decompressionBomb, entry: "zeros",
                limits: { var l = Limits(); l.compressionRatioGraceBytes = 1 << 20; return l }()) {
        try gzip(tar { $0.add("zeros", data: Data(count: 8 << 20)) })
    },
    HostileCase(name: "duplicate name, different content", code: .duplicateEntry, entry: "ok.txt") {
        tar { $0.add("./ok.txt", "different") }
    },
    HostileCase(name: "truncated archive", code: .corruptArchive, entry: nil) {
        let whole = tar { $0.add("data", data: Data(repeating: 7, count: 5000)) }
        return whole.prefix(512 * 4)
    },
    HostileCase(name: "truncated gzip", code: .corruptArchive, entry: nil) {
        let whole = try gzip(tar { $0.add("data", data: Data((0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 7919) })) })
        return whole.prefix(whole.count / 2)
    },
    HostileCase(name: "header checksum broken", code: .corruptArchive, entry: nil) {
        var bytes = tar { _ in }
        bytes[10] ^= 0x55
        return bytes
    },
    HostileCase(name: "not a tar archive", code: .corruptArchive, entry: nil) { Data("PK\u{3}\u{4} this is a zip, or is it".utf8) },
    HostileCase(name: "only directories", code: .emptyBundle, entry: nil) {
        var writer = TarWriter()
        writer.add(name: Array("dir/".utf8), kind: .directory)
        return writer.archive
    },
    HostileCase(name: "manifest names a missing file", code: .manifestMismatch, entry: "gone.txt") {
        tar { $0.add("airlock-bundle.json", data: manifest([("ok.txt", okSHA), ("gone.txt", okSHA)])) }
    },
    HostileCase(name: "manifest digest differs", code: .manifestMismatch, entry: "ok.txt") {
        tar { $0.add("airlock-bundle.json", data: manifest([("ok.txt", String(repeating: "0", count: 64))])) }
    },
    HostileCase(name: "file not listed in manifest", code: .manifestMismatch, entry: "extra.txt") {
        tar { $0.add("extra.txt", "x"); $0.add("airlock-bundle.json", data: manifest([("ok.txt", okSHA)])) }
    },
    HostileCase(name: "manifest malformed", code: .manifestMismatch, entry: "airlock-bundle.json") {
        tar { $0.add("airlock-bundle.json", "{\"name\":\"\",\"files\":[]}") }
    },
    HostileCase(name: "layout blob named wrongly", code: .digestMismatch, entry: "blobs/sha256/" + String(repeating: "a", count: 64)) {
        var layout = LayoutBuilder()
        layout.list(layout.image(), tag: "v1")
        layout.tar.add("blobs/sha256/" + String(repeating: "a", count: 64), "not that")
        return layout.finish()
    },
    HostileCase(name: "descriptor size lies", code: .digestMismatch, entry: nil) {
        var layout = LayoutBuilder()
        var descriptor = layout.image()
        descriptor["size"] = (descriptor["size"] as! Int) + 1
        layout.list(descriptor, tag: "v1")
        return layout.finish()
    },
    HostileCase(name: "unknown layout version", code: .invalidLayout, entry: "oci-layout") {
        var layout = LayoutBuilder()
        layout.list(layout.image(), tag: "v1")
        return layout.finish(layoutVersion: "2.0.0")
    },
    HostileCase(name: "layout without index.json", code: .invalidLayout, entry: "index.json") {
        var layout = LayoutBuilder()
        _ = layout.image()
        return layout.finish(writeIndex: false)
    },
    HostileCase(name: "manifest that is not JSON", code: .invalidLayout, entry: nil) {
        var layout = LayoutBuilder()
        layout.list(layout.blob(Data("not json".utf8), mediaType: "application/vnd.oci.image.manifest.v1+json"), tag: "v1")
        return layout.finish()
    },
]

@Suite("Hostile archives are rejected and leave the store unchanged")
struct HostileArchiveTests {
    @Test(arguments: hostileCases)
    func rejected(_ hostile: HostileCase) throws {
        let scratch = try ScratchDirectory("import")
        defer { scratch.remove() }
        // A store that already holds one good bundle, so "unchanged" is not trivially "empty".
        var good = TarWriter()
        good.add("hello.txt", "hello")
        _ = try scratch.importer().importBundle(at: scratch.write(good.archive, as: "good.tar"))
        let before = try scratch.snapshot()

        let url = try scratch.write(try hostile.build(), as: "hostile.bin")
        let error = #expect(throws: ImportError.self) {
            try scratch.importer(limits: hostile.limits).importBundle(at: url)
        }
        #expect(error?.code == hostile.code, "\(error.map(String.init(describing:)) ?? "no error")")
        if let entry = hostile.entry { #expect(error?.entry == entry) }
        #expect(error?.reason.isEmpty == false)
        #expect(error?.isBadInput == true)
        #expect(try scratch.snapshot() == before)
        #expect(try Store(stateDirectory: scratch.state).catalogue.integrityProblems().isEmpty)
    }
}
