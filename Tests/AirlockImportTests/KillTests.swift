import Foundation
import Testing
import AirlockStore
import AirlockTestKit
#if canImport(Glibc)
import Glibc
#endif

@Suite("Killing `airlock import` at random points never leaves a partial bundle")
struct KillTests {
    @Test(.enabled(if: CLI.isBuilt, "airlock executable not built"), .timeLimit(.minutes(5)))
    func killAtRandomPoints() throws {
        let scratch = try ScratchDirectory("import")
        defer { scratch.remove() }
        // 200 images with 128 KiB layers: long enough that kills land in every phase.
        var layout = LayoutBuilder()
        for index in 0..<200 {
            layout.list(layout.image(layer: String(repeating: "\(index % 10)", count: 128 * 1024) + "\(index)"), tag: "t\(index)")
        }
        let bundle = try scratch.write(layout.finish(), as: "kill.tar")
        let state = scratch.state.path

        func start() throws -> Process { try CLI.start(["import", bundle.path, "--state", state]) }

        // How long one uninterrupted import takes here (on a throw-away state directory).
        let clock = Date()
        let probe = try CLI.run(["import", bundle.path, "--state", scratch.url("probe").path])
        #expect(probe.status == 0, "\(probe.stderr)")
        let duration = Date().timeIntervalSince(clock)
        let probeStore = try Store(stateDirectory: scratch.url("probe"))
        let expectedFiles = try probeStore.catalogue.files(bundleID: try #require(probeStore.catalogue.bundles().first).id).count
        #expect(expectedFiles == 403, "1 shared config, 200 layers, 200 manifests, oci-layout, index.json")

        var generator = SystemRandomNumberGenerator()
        var completedBeforeKill = 0
        for round in 0..<24 {
            let process = try start()
            usleep(UInt32(Double.random(in: 0...(duration * 1.1), using: &generator) * 1_000_000))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            if process.terminationReason == .exit { completedBeforeKill += 1 }

            let store = try Store(stateDirectory: scratch.state)
            #expect(try store.catalogue.integrityProblems().isEmpty, "round \(round)")
            let bundles = try store.catalogue.bundles()
            #expect(bundles.count <= 1, "round \(round)")
            if let only = bundles.first {
                // Visible means whole: every file, image and blob is there.
                #expect(try store.catalogue.files(bundleID: only.id).count == expectedFiles, "round \(round)")
                let images = try store.catalogue.images(bundleID: only.id)
                #expect(images.count == 200 && images.allSatisfy(\.isComplete), "round \(round)")
                for file in try store.catalogue.files(bundleID: only.id) {
                    #expect(store.blobs.contains(sha256: file.sha256), "round \(round): blob \(file.sha256)")
                }
                // Once imported, later rounds are no-ops; start afresh to keep killing real imports.
                try FileManager.default.removeItem(at: scratch.state)
            }
        }
        let final = try start()
        final.waitUntilExit()
        #expect(final.terminationStatus == 0)
        let store = try Store(stateDirectory: scratch.state)
        #expect(try store.catalogue.bundles().count == 1)
        #expect(try store.catalogue.integrityProblems().isEmpty)
        // The staging areas of killed imports are gone after the next import.
        #expect(try FileManager.default.contentsOfDirectory(atPath: store.blobs.tmpDirectory.path).isEmpty)
        print("kill test: one import took \(duration) s; \(completedBeforeKill) of 24 imports finished before their kill")
    }
}
