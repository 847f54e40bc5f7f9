import Foundation
import AirlockAppliance
import AirlockCrypto
import AirlockFormats
import AirlockStore
import AirlockVerify
import AirlockTestKit

/// A state directory with an appliance key and two images whose manifests, configs and layers are in
/// the blob store (the second image's layer is deliberately absent).
struct StoreFixture {
    let dir: ScratchDirectory
    let store: Store
    let images: [(name: String, digest: String, manifest: Data)]
    let missingLayer: String

    var state: URL { dir.url("state") }

    init() throws {
        dir = try ScratchDirectory("approve")
        let state = dir.url("state")
        store = try Store(stateDirectory: state)
        _ = try ApplianceKeys(stateDirectory: state).initialise(applianceID: "https://airlock.example/appliance")
        var images: [(String, String, Data)] = []
        var missing = ""
        for (index, name) in ["registry.example/app:1.0", "registry.example/db:2"].enumerated() {
            let config = Data(#"{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]},"n":\#(index)}"#.utf8)
            let layer = Data("layer \(index)".utf8)
            let manifest = Data("""
                {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",\
                "config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:\(Self.hex(config))","size":\(config.count)},\
                "layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:\(Self.hex(layer))","size":\(layer.count)}]}
                """.utf8)
            try store.blobs.put(config, sha256: Self.hex(config))
            if index == 0 { try store.blobs.put(layer, sha256: Self.hex(layer)) } else { missing = "sha256:" + Self.hex(layer) }
            try store.blobs.put(manifest, sha256: Self.hex(manifest))
            images.append((name, "sha256:" + Self.hex(manifest), manifest))
        }
        self.images = images
        missingLayer = missing
        // Catalogue the images as an import would, so approve knows them.
        let bundle = ArchiveRecord(id: "fixture-bundle", archiveSHA256: String(repeating: "f", count: 64), name: "fixture",
                                  importedAt: verifiedInstant, entryCount: 0, bytes: 0, archiveBytes: 0)
        let records = images.map { image in
            ImageRecord(bundleID: bundle.id, digest: image.1, names: [image.0], mediaType: "application/vnd.oci.image.manifest.v1+json",
                        platforms: [], missingBlobs: [], parentDigest: nil, layoutPath: "")
        }
        _ = try store.catalogue.record(ImportBatch(bundle: bundle, files: [], blobs: [], images: records, evidence: []))
    }

    static func hex(_ data: Data) -> String { Hex.encode(Digest.sha256(data)) }

    /// Candidates for both images: passing under the sample policy unless `failing` names one.
    func source(failing: String? = nil) -> InMemoryVerdictSource {
        InMemoryVerdictSource(candidates: images.map { image in
            var candidate = sampleCandidate(image.name, byte: "00", passed: image.name != failing)
            candidate.imageDigest = image.digest
            return candidate
        })
    }

    func request(_ selection: ApprovalSelection, out: String = "out", expires: TimeInterval? = nil,
                 now: Date = verifiedInstant.addingTimeInterval(60)) -> ApproveRequest {
        ApproveRequest(selection: selection, outputDirectory: dir.url(out), policyPath: "unused", expires: expires,
                       approver: "alice", now: now)
    }

    /// Records a real verdict document in the catalogue, as `airlock verify` does.
    func recordVerdict(digest: String, names: [String], passed: Bool, policySHA256: String, at: Date) throws -> String {
        let verdict = Verdict(
            subject: ImageSubject(digest: digest, names: names), passed: passed, rule: "release",
            checks: [passed ? .pass("signature", "verified") : .fail("slsa.builder", "builder id does not match")],
            policy: PolicyReference(sha256: policySHA256, name: "site"), trustRoots: [],
            inputs: [EvidenceReference(sha256: String(repeating: "e", count: 64), kind: "sigstore-bundle", mediaType: "application/vnd.dev.sigstore.bundle.v0.3+json",
                                       annotationsSHA256: String(repeating: "f", count: 64))],
            verificationTime: at, toolVersion: "0.1.0")
        let document = verdict.canonicalJSON()
        try store.catalogue.record(VerdictBatch(
            verdict: VerdictRecord(id: verdict.id, subjectDigest: digest, result: verdict.result, rule: verdict.rule,
                                   policySHA256: policySHA256, verificationTime: RFC3339.format(at), toolVersion: "0.1.0",
                                   recordedAt: at, document: document),
            checks: [], blobs: [BlobRecord(sha256: policySHA256, size: 1, mediaType: "application/vnd.airlock.policy")]))
        return verdict.id
    }
}
