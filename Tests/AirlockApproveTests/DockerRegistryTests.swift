import Foundation
import Testing
import AirlockTestKit

/// The test registry launcher: a real distribution registry on loopback that answers, stores, and stops.
@Suite struct DockerRegistryTests {
    @Test("DockerRegistry.start serves the distribution API on 127.0.0.1 and stop() ends it")
    func startStop() throws {
        let scratch = try ScratchDirectory("registry")
        defer { scratch.remove() }
        let registry = try DockerRegistry.start(in: scratch)
        #expect(registry.host.hasPrefix("127.0.0.1:") && UInt16(registry.host.dropFirst(10)) != nil, "\(registry.host)")
        let catalog = try Tool.skopeo.run(["list-tags", "--tls-verify=false", "docker://\(registry.host)/nothing/here"])
        #expect(catalog.status != 0 && catalog.stderr.contains("404 (Not Found)"), "\(catalog.output)")
        registry.stop()
        let after = try Tool.skopeo.run(["list-tags", "--tls-verify=false", "docker://\(registry.host)/nothing/here"])
        #expect(after.status != 0 && after.stderr.contains("connection refused"), "\(after.output)")
    }
}
