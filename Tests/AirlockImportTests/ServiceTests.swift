import Foundation
import Testing
import AirlockAppliance
import AirlockStore
import AirlockTestKit

@Suite("ImportService: use case, listings, concurrency")
struct ServiceTests {
    @Test func defaultStateDirectory() {
        #expect(ImportService.defaultStateDirectory(environment: ["AIRLOCK_HOME": "/srv/air"]).path == "/srv/air")
        #expect(ImportService.defaultStateDirectory(environment: ["HOME": "/home/op"]).path == "/home/op/.local/share/airlock")
    }

    @Test(.enabled(if: Corpus.isAvailable, "corpus absent"))
    func listingsAggregateEvidenceOnTopLevelImages() throws {
        let scratch = try ScratchDirectory("import")
        defer { scratch.remove() }
        let service = ImportService(stateDirectory: scratch.state)
        let archive = try scratch.pack(Corpus.url("oci/regclient-testrepo"), as: "rc.tar")
        let report = try service.importBundle(at: archive)
        #expect(!report.alreadyImported)
        let v2 = try #require(report.images.first { $0.names.contains("v2") })
        // Two referrers of v2 itself and one `arms` referrer per platform child.
        #expect(v2.evidence.count == 5)
        #expect(try service.bundles().map(\.id) == [report.bundle.id])
        #expect(try service.images(bundle: report.bundle.id) == report.images)
        #expect(try service.images(bundle: String(report.bundle.archiveSHA256.prefix(20))) == report.images)
        let again = try service.importBundle(at: archive)
        #expect(again.alreadyImported)
        #expect(again.images == report.images)

        let unknown = #expect(throws: ApplianceError.self) { try service.images(bundle: "ffffffffffff") }
        #expect(unknown?.code == "unknown-bundle")
        #expect(unknown?.kind == .badInput)
    }

    @Test func hostileBundleIsBadInput() throws {
        var writer = TarWriter()
        writer.add("../../etc/cron.d/x", "* * * * * root sh")
        let scratch = try ScratchDirectory("import")
        defer { scratch.remove() }
        let url = try scratch.write(writer.archive, as: "evil.tar")
        let failure = #expect(throws: ApplianceError.self) { try ImportService(stateDirectory: scratch.state).importBundle(at: url) }
        #expect(failure?.code == "unsafe-path")
        #expect(failure?.entry == "../../etc/cron.d/x")
        #expect(failure?.kind == .badInput)
        #expect(failure?.description.contains("evil.tar") == true)
    }

    @Test func unwritableStateIsInternalError() throws {
        let scratch = try ScratchDirectory("import")
        defer { scratch.remove() }
        let blocker = try scratch.write(Data("file".utf8), as: "not-a-dir")
        var writer = TarWriter()
        writer.add("a", "b")
        let url = try scratch.write(writer.archive, as: "ok.tar")
        let failure = #expect(throws: ApplianceError.self) {
            try ImportService(stateDirectory: blocker.appendingPathComponent("state")).importBundle(at: url)
        }
        #expect(failure?.kind == .internalError)
        #expect(failure?.code == "io" || failure?.code == "database")
    }

    @Test func concurrentImportsAreSafe() throws {
        let scratch = try ScratchDirectory("import")
        defer { scratch.remove() }
        var urls: [URL] = []
        for index in 0..<3 {
            var writer = TarWriter()
            writer.add("shared.txt", "common content")
            writer.add("own-\(index).txt", String(repeating: "x", count: 1000 + index))
            urls.append(try scratch.write(writer.archive, as: "b\(index).tar"))
        }
        let state = scratch.state
        let jobs = urls + urls  // every bundle twice, all at once
        let results = ResultBox(count: jobs.count)
        DispatchQueue.concurrentPerform(iterations: jobs.count) { index in
            results.set(index, Result { try ImportService(stateDirectory: state).importBundle(at: jobs[index]) })
        }
        let reports = try results.values.map { try #require($0).get() }
        #expect(reports.filter { !$0.alreadyImported }.count == 3)
        #expect(reports.filter(\.alreadyImported).count == 3)
        let store = try Store(stateDirectory: state)
        #expect(try store.catalogue.bundles().count == 3)
        #expect(try store.catalogue.integrityProblems().isEmpty)
        #expect(try store.catalogue.rowCounts()["blobs"] == 4)
        #expect(try FileManager.default.contentsOfDirectory(atPath: store.blobs.tmpDirectory.path).isEmpty)
    }
}

/// TEST ONLY: collects results from concurrent jobs. `@unchecked Sendable`: every access holds the lock.
final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [Result<ImportReport, any Error>?]

    init(count: Int) { storage = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: Result<ImportReport, any Error>) {
        lock.lock(); defer { lock.unlock() }
        storage[index] = value
    }

    var values: [Result<ImportReport, any Error>?] {
        lock.lock(); defer { lock.unlock() }
        return storage
    }
}
