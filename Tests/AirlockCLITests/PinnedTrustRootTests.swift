import Foundation
import Testing
import AirlockCrypto
import AirlockTestKit
@testable import AirlockAppliance

/// The trust roots compiled into the binary are exactly the files in `trustroot/`, and those are the
/// bytes whose sha256 `trustroot/README.md` records.
@Suite("Pinned trust roots")
struct PinnedTrustRootTests {
    @Test("every embedded root equals its file and its recorded sha256")
    func embeddedEqualsFiles() throws {
        let readme = try String(contentsOf: Corpus.packageRoot.appendingPathComponent("trustroot/README.md"), encoding: .utf8)
        #expect(!PinnedTrustRoots.all.isEmpty)
        for root in PinnedTrustRoots.all {
            let file = Corpus.packageRoot.appendingPathComponent("trustroot/\(root.name)/trusted_root.json")
            let bytes = try Data(contentsOf: file)
            #expect(Data(base64Encoded: root.base64) == bytes, "\(root.name): run tools/embed-trustroot")
            let digest = Digest.sha256(bytes).map { String(format: "%02x", $0) }.joined()
            #expect(digest == root.sha256)
            let local = try? String(contentsOf: Corpus.packageRoot.appendingPathComponent("trustroot/\(root.name)/README.md"), encoding: .utf8)
            #expect(readme.contains(digest) || (local ?? "").contains(digest), "trustroot README must record \(digest) for \(root.name)")
        }
    }

    @Test("the default root is the Sigstore public-good root from PyPI sigstore 4.5.1")
    func defaultRoot() throws {
        let entry = try #require(PinnedTrustRoots.all.first { $0.name == "public-good" })
        #expect(entry.sha256 == "6494e21ea73fa7ee769f85f57d5a3e6a08725eae1e38c755fc3517c9e6bc0b66")
        #expect(TrustRootSource.default == .pinned("public-good"))
    }
}
