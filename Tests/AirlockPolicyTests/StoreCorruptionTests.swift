import Foundation
import Testing
import AirlockAppliance
import AirlockStore
import AirlockVerify
import AirlockTestKit

/// A stored blob changed after import (flipped, truncated, deleted, swapped) is store corruption:
/// `verify` and `replay` fail with `corrupt-blob` naming the digest, an internal error (exit 3), never
/// a PASS, an IDENTICAL replay, or a parse or signature failure.
struct StoreCorruptionTests {
    enum Damage: String, CaseIterable, Sendable { case flip, truncate, delete, swap }

    /// Which blob of the imported bundle is damaged.
    enum Target: String, CaseIterable, Sendable { case manifest, config, layer, index, evidence }

    @Test(.enabled(if: Corpus.isAvailable, "corpus absent"), arguments: Damage.allCases, Target.allCases)
    func corruptionFailsVerifyAndReplayNamingTheDigest(damage: Damage, target: Target) throws {
        let workspace = try CorpusVerdictTests.workspace()
        let path = try workspace.write(CorpusVerdictTests.policy(), as: "policy.yaml")
        let image = CorpusVerdictTests.layouts[0].1
        let verdict = try #require(try workspace.verifier.verify(.image(image), policyPath: path, at: ReplayTests.instant).verdicts.first)
        #expect(verdict.result == "PASS")
        let hex = try Self.blob(target, of: image, in: workspace)
        try Self.damage(damage, hex, in: workspace)

        let verify = #expect(throws: ApplianceError.self) {
            try workspace.verifier.verify(.image(image), policyPath: path, at: ReplayTests.instant)
        }
        #expect(verify?.code == "corrupt-blob" && verify?.kind == .internalError, "\(String(describing: verify))")
        #expect(verify?.reason.contains("sha256:\(hex)") == true, "\(String(describing: verify))")
        let replay = #expect(throws: ApplianceError.self) { try workspace.replayer.replay(verdict.id) }
        #expect(replay?.code == "corrupt-blob" && replay?.reason.contains("sha256:\(hex)") == true, "\(String(describing: replay))")
    }

    /// The stored blob playing `target` for `image` (the `index` is the layout's `index.json`).
    static func blob(_ target: Target, of image: String, in workspace: Workspace) throws -> String {
        let store = try Store(stateDirectory: workspace.state)
        let manifestHex = String(image.dropFirst("sha256:".count))
        let manifest = try JSONSerialization.jsonObject(with: store.blobs.read(sha256: manifestHex, maxBytes: 1 << 20)) as? [String: Any]
        func digest(_ descriptor: Any?) throws -> String {
            let text = try #require((descriptor as? [String: Any])?["digest"] as? String)
            return String(text.dropFirst("sha256:".count))
        }
        switch target {
        case .manifest: return manifestHex
        case .config: return try digest(manifest?["config"])
        case .layer: return try digest((manifest?["layers"] as? [Any])?.first)
        case .index:
            let bundle = try #require(store.catalogue.images().first { $0.digest == image }).bundleID
            return try #require(store.catalogue.files(bundleID: bundle).first { $0.path.hasSuffix("index.json") }).sha256
        case .evidence:
            return try #require(store.catalogue.evidence(subjectDigest: image).first).sha256
        }
    }

    /// Damages the stored blob `hex` in place, as a disk fault or an attacker would.
    static func damage(_ damage: Damage, _ hex: String, in workspace: Workspace) throws {
        let url = workspace.state.appendingPathComponent("blobs/sha256/\(hex)")
        var data = try Data(contentsOf: url)
        try FileManager.default.removeItem(at: url)
        switch damage {
        case .flip: data[data.count / 2] ^= 0x01
        case .truncate: data = data.prefix(data.count / 2)
        case .delete: return
        case .swap:
            // Another stored blob's bytes under this name.
            let others = try FileManager.default.contentsOfDirectory(atPath: url.deletingLastPathComponent().path).filter { $0 != hex }
            data = try Data(contentsOf: url.deletingLastPathComponent().appendingPathComponent(try #require(others.first)))
        }
        try data.write(to: url)
    }
}
