import Foundation
import Testing
import GRDB
@testable import AirlockStore
import AirlockFormats
import AirlockCrypto
import AirlockTestKit

/// The entry writer (`EntryWriter`, the walk over SQLite's buffers) and the slow path
/// (`DecisionLogRows.encode`) give the same bytes also at the parser's limits: the one-pass canonical
/// check refuses what `JSONValue.parse` refuses, so both state such a blob as `{"base64":…}`.
@Suite("Decision log: the entry walk agrees with the slow path at the JSON limits")
struct EntryWalkLimitsTests {
    /// `{"a":{"a":…{}…}}`, `depth` objects deep: RFC 8785 form, every key ASCII and sorted.
    static func nested(_ depth: Int) -> Data {
        Data((String(repeating: #"{"a":"#, count: depth) + "{}" + String(repeating: "}", count: depth)).utf8)
    }

    @Test("the canonical check and the parser agree on the depth limit: 64 containers in, 65 out")
    func depthLimitAgrees() throws {
        #expect(CanonicalJSON.isRFC8785(Self.nested(63)))
        #expect(try JSONValue.parse(Self.nested(63)) != .null)
        #expect(!CanonicalJSON.isRFC8785(Self.nested(64)))
        #expect { _ = try JSONValue.parse(Self.nested(64)) } throws: { error in "\(error)".contains("nesting deeper than 64") }
    }

    @Test("a verdict document in RFC 8785 form but nested deeper than Limits.maxJSONDepth is logged as the slow path states it")
    func deepCanonicalBlob() throws {
        let scratch = try ScratchDirectory("walk")
        defer { scratch.remove() }
        let store = try Store(stateDirectory: scratch.state)
        let document = Self.nested(70)
        // Neither the one-pass check nor the parser behind the slow path takes it: D20 states it as {"base64":…}.
        #expect(!CanonicalJSON.isRFC8785(document))
        #expect { _ = try JSONValue.parse(document) } throws: { error in
            "\(error)".contains("nesting deeper than 64")
        }
        let policy = Data("rules: []\n".utf8)
        let policySHA = Hex.encode(Digest.sha256(policy))
        let record = VerdictRecord(id: String(repeating: "a", count: 64), subjectDigest: "sha256:" + String(repeating: "b", count: 64),
                                   result: "PASS", rule: "r", policySHA256: policySHA, verificationTime: "2026-06-01T00:00:00Z",
                                   toolVersion: "test", recordedAt: Date(timeIntervalSince1970: 1_780_000_000), document: document)
        _ = try store.catalogue.record(VerdictBatch(verdict: record, checks: [],
                                                    blobs: [BlobRecord(sha256: policySHA, size: Int64(policy.count), mediaType: "application/vnd.airlock.policy")]))
        let leaf = try #require(try store.catalogue.logLeaves().first { $0.kind == .verdict })
        let slow = try #require(try store.catalogue.pool.read { db in try DecisionLogRows.fetch(.verdict, recordID: leaf.recordID, db)?.encode() })
        #expect(String(decoding: slow, as: UTF8.self).contains(#""document":{"base64":"#))
        let same = leaf.entry == slow
        #expect(same, "logged (\(leaf.entry.count) bytes): \(String(decoding: leaf.entry.prefix(160), as: UTF8.self))…; slow path (\(slow.count) bytes): \(String(decoding: slow.prefix(160), as: UTF8.self))…")
    }
}
