import Foundation
import Testing
import AirlockCrypto
import AirlockFormats
import AirlockTestKit
@testable import AirlockVerify

/// The offline TUF client workflow over the real Sigstore root-signing history, and attacks built on it.
@Suite("Offline TUF update", .enabled(if: Corpus.isAvailable, "corpus absent"))
struct TUFUpdateTests {
    /// Before `timestamp.json` (v762) expires on 2026-08-28T19:25:56Z and after root v15 was published.
    static let instant = RFC3339.parse("2026-08-01T00:00:00Z")!

    /// The corpus repository in memory, so a test can alter one file.
    struct Repository {
        var metadata: [String: Data] = [:]
        var targets: [String: Data] = [:]

        static func corpus() throws -> Repository {
            let base = "tuf/sigstore-root-signing/"
            var repository = Repository()
            for version in 1...15 {
                repository.metadata["\(version).root.json"] = try Corpus.data(base + "metadata/root_history/\(version).root.json")
            }
            for name in ["timestamp.json", "snapshot.json", "targets.json"] {
                repository.metadata[name] = try Corpus.data(base + "metadata/" + name)
            }
            repository.targets["trusted_root.json"] = try Corpus.data(base + "targets/trusted_root.json")
            return repository
        }

        var files: TUFFiles {
            let metadata = metadata, targets = targets
            return TUFFiles(metadata: { metadata[$0] }, target: { targets[$0] })
        }

        /// Edits one metadata document as a JSON object (its signatures then cover other bytes unless re-signed).
        mutating func edit(_ name: String, _ change: (inout [String: Any]) -> Void) throws {
            let data = try #require(metadata[name])
            var object = try #require(JSONSerialization.jsonObject(with: data) as? [String: Any])
            change(&object)
            metadata[name] = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        }
    }

    static func update(_ repository: Repository, from version: Int = 1, floors: (Int, Int, Int) = (0, 0, 0), at: Date = instant,
                       grace: TimeInterval = 0) throws(TUFError) -> TUFUpdateResult {
        let request = TUFUpdateRequest(trustedRoot: repository.metadata["\(version).root.json"]!, timestampFloor: floors.0,
                                       snapshotFloor: floors.1, targetsFloor: floors.2, at: at, grace: grace)
        return try TUFUpdater.update(request, files: repository.files)
    }

    static func refusal(_ body: () throws(TUFError) -> TUFUpdateResult) -> TUFError? {
        do { _ = try body(); return nil } catch { return error }
    }

    @Test("root v1 → v15, timestamp v762 → snapshot v165 → targets v14 yields the published trusted_root.json byte for byte")
    func corpusWalk() throws {
        let repository = try Repository.corpus()
        let result = try Self.update(repository)
        #expect(result.rootVersion == 15)
        #expect(result.rootJSON == repository.metadata["15.root.json"])
        let versions: [Int] = [result.timestampVersion, result.snapshotVersion, result.targetsVersion]
        #expect(versions == [762, 165, 14])
        #expect(result.target == repository.targets["trusted_root.json"])
        #expect(Hex.encode(Digest.sha256(result.target)) == "6494e21ea73fa7ee769f85f57d5a3e6a08725eae1e38c755fc3517c9e6bc0b66")
        #expect(result.notes.isEmpty)
    }

    @Test("a root whose version was edited no longer carries its signatures")
    func editedRootVersion() throws {
        var repository = try Repository.corpus()
        try repository.edit("2.root.json") { object in
            var signed = object["signed"] as! [String: Any]
            signed["version"] = 3
            object["signed"] = signed
        }
        let error = try #require(Self.refusal { () throws(TUFError) in try Self.update(repository) })
        #expect(error.code == .threshold)
        #expect(error.file == "2.root.json")
        #expect(error.reason.contains("from the version 1 root keys, threshold 3"), "\(error)")
    }

    @Test("a root with signatures removed below the threshold is refused")
    func belowThreshold() throws {
        var repository = try Repository.corpus()
        try repository.edit("3.root.json") { object in
            object["signatures"] = Array((object["signatures"] as! [Any]).prefix(2))
        }
        let error = try #require(Self.refusal { () throws(TUFError) in try Self.update(repository) })
        #expect(error.code == .threshold)
        #expect(error.file == "3.root.json")
        #expect(error.reason.hasPrefix("2 valid signature(s)") || error.reason.hasPrefix("1 valid") || error.reason.hasPrefix("0 valid"), "\(error)")
    }

    @Test("one signature repeated counts once")
    func duplicateSignaturesCountOnce() throws {
        var repository = try Repository.corpus()
        try repository.edit("2.root.json") { object in
            let first = (object["signatures"] as! [Any])[0]
            object["signatures"] = [first, first, first, first]
        }
        let error = try #require(Self.refusal { () throws(TUFError) in try Self.update(repository) })
        #expect(error.code == .threshold)
        #expect(error.reason.hasPrefix("1 valid signature(s)"), "\(error)")
    }

    @Test("a target with a wrong length, then a wrong hash, is refused")
    func wrongTarget() throws {
        var repository = try Repository.corpus()
        let original = try #require(repository.targets["trusted_root.json"])
        repository.targets["trusted_root.json"] = original + Data(" ".utf8)
        let length = try #require(Self.refusal { () throws(TUFError) in try Self.update(repository) })
        #expect(length.code == .lengthMismatch)
        #expect(length.reason == "\(original.count + 1) bytes, listed as \(original.count)")
        var flipped = original
        flipped[flipped.count - 2] ^= 0x01
        repository.targets["trusted_root.json"] = flipped
        let hash = try #require(Self.refusal { () throws(TUFError) in try Self.update(repository) })
        #expect(hash.code == .hashMismatch)
        #expect(hash.reason.hasPrefix("sha256 is "), "\(hash)")
    }

    @Test("a timestamp older than one already seen is a rollback; so are snapshot and targets versions")
    func rollback() throws {
        // Floors apply under the same timestamp and snapshot keys: start from the current root v15.
        let repository = try Repository.corpus()
        let timestamp = try #require(Self.refusal { () throws(TUFError) in try Self.update(repository, from: 15, floors: (763, 0, 0)) })
        #expect(timestamp.code == .rollback)
        #expect(timestamp.reason == "timestamp version 762 is lower than version 763 already seen")
        let snapshot = try #require(Self.refusal { () throws(TUFError) in try Self.update(repository, from: 15, floors: (0, 166, 0)) })
        #expect(snapshot.code == .rollback)
        #expect(snapshot.reason.contains("snapshot version 165, lower than version 166"), "\(snapshot)")
        let targets = try #require(Self.refusal { () throws(TUFError) in try Self.update(repository, from: 15, floors: (0, 0, 15)) })
        #expect(targets.code == .rollback)
        #expect(targets.reason.contains("targets version 14, lower than version 15"), "\(targets)")
        // A rotation of the timestamp and snapshot keys since root v1 resets their floors (TUF §5.3.11), noted.
        let rotated = try Self.update(repository, floors: (763, 166, 0))
        #expect(rotated.notes == ["timestamp/snapshot keys rotated: their rollback floors were reset"])
    }

    @Test("an expired timestamp is refused, and accepted within the grace period with a note")
    func expiryAndGrace() throws {
        let repository = try Repository.corpus()
        let later = RFC3339.parse("2026-09-01T00:00:00Z")!
        let expired = try #require(Self.refusal { () throws(TUFError) in try Self.update(repository, at: later) })
        #expect(expired.code == .expired)
        #expect(expired.reason == "timestamp version 762 expired at 2026-08-28T19:25:56Z")
        let accepted = try Self.update(repository, at: later, grace: 7 * 86400)
        #expect(accepted.notes == ["timestamp v762 expired at 2026-08-28T19:25:56Z, accepted within the 604800s grace period"])
        let rootExpired = try #require(Self.refusal { () throws(TUFError) in try Self.update(repository, at: RFC3339.parse("2026-12-01T00:00:00Z")!, grace: 365 * 86400) })
        #expect(rootExpired.code == .expired)
        #expect(rootExpired.file == "15.root.json")
    }

    @Test("a correctly signed root whose version skips is refused for its version")
    func skippedVersion() throws {
        let key = try PrivateKey.generate(.ecdsaP256)
        let keyID = "k1"
        func root(_ version: Int) throws -> Data {
            let keys = #"{"k1":{"keytype":"ecdsa","scheme":"ecdsa-sha2-nistp256","keyval":{"public":"\#(key.publicKey.pem.replacingOccurrences(of: "\n", with: "\\n"))"}}}"#
            let role = #"{"keyids":["k1"],"threshold":1}"#
            let signed = #"{"_type":"root","spec_version":"1.0","version":\#(version),"expires":"2030-01-01T00:00:00Z","consistent_snapshot":true,"keys":\#(keys),"roles":{"root":\#(role),"timestamp":\#(role),"snapshot":\#(role),"targets":\#(role)}}"#
            let canonical = try CanonicalJSON.olpc(JSONValue.parse(Data(signed.utf8)))
            let signature = Hex.encode(try key.signature(for: canonical, scheme: .ecdsa(.sha256)))
            return Data(#"{"signed":\#(signed),"signatures":[{"keyid":"\#(keyID)","sig":"\#(signature)"}]}"#.utf8)
        }
        let first = try root(1)
        _ = try checkTUFRoot(first)
        let skipped = try root(3)
        let files = TUFFiles(metadata: { $0 == "2.root.json" ? skipped : nil }, target: { _ in nil })
        let error = try #require(Self.refusal { () throws(TUFError) in
            try TUFUpdater.update(TUFUpdateRequest(trustedRoot: first, at: Self.instant), files: files)
        })
        #expect(error.code == .rootVersion)
        #expect(error.reason == "root version is 3, expected 2")
    }
}
