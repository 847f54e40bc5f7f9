import Foundation
import AirlockStore

/// The state directory made by the airlock binary of commit 1cd198b (see Fixtures/README.md).
let upgradeFixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fixtures/state-1cd198b", isDirectory: true)

/// A 64-digit hex id starting with `start`.
func hexID(_ start: String, length: Int = 64) -> String {
    start + String(repeating: "0", count: length - start.count)
}

/// Minimal records for look-up tests.
enum Sample {
    static let instant = Date(timeIntervalSince1970: 1_780_000_000)

    static func bundle(_ archiveSHA256: String) -> ImportBatch {
        let record = ArchiveRecord(id: String(archiveSHA256.prefix(12)), archiveSHA256: archiveSHA256, name: "b-\(archiveSHA256.prefix(4))",
                                  importedAt: instant, entryCount: 0, bytes: 0, archiveBytes: 1)
        return ImportBatch(bundle: record, files: [], blobs: [], images: [], evidence: [])
    }

    static func verdict(_ id: String) -> VerdictBatch {
        let policy = hexID("cc")
        let record = VerdictRecord(id: id, subjectDigest: "sha256:" + hexID("dd"), result: "PASS", rule: nil, policySHA256: policy,
                                   verificationTime: "2026-06-01T00:00:00Z", toolVersion: "test", recordedAt: instant, document: Data("{}".utf8))
        return VerdictBatch(verdict: record, checks: [], blobs: [BlobRecord(sha256: policy, size: 2)])
    }

    static func approval(_ id: String) -> ApprovalRecord {
        ApprovalRecord(id: id, createdAt: instant, approver: "alice", applianceID: "urn:test", keyID: "k", policyURI: "urn:policy",
                       policySHA256: hexID("cc"), expiresAt: nil, outputDirectory: "/tmp/out", manifest: Data("{}".utf8))
    }
}
