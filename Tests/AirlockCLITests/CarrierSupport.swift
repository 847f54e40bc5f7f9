import Foundation
import Testing
import AirlockCrypto
import AirlockAppliance
import AirlockFormats
import AirlockTestKit

/// The demo release (`bundles/demo-release.tar.gz`) as real tools re-carry it: unpacked, rewritten, packed,
/// and decided through `airlock import --policy --output json`.
enum DemoCarrier {
    /// The demo app image's manifest digest.
    static let app = "sha256:13232688a37591380ace8074528879e15a283cd512116c27e013124a8abcb03e"
    /// The demo worker image's manifest digest.
    static let worker = "sha256:da3abf2fd402a7ac3d85cd7e28256796c2bcd04340ec2063a1d34312ff7de730"
    /// The app image's config digest: what a `docker-archive` knows it by.
    static let appConfig = "sha256:29a00c679a616bfe73c094ad629a5948799ce6a769e30246b5091a8790244793"

    static func path(_ relative: String) -> String { Corpus.packageRoot.appendingPathComponent(relative).path }

    /// The demo site policy.
    static var policy: String { path("bundles/demo-policy.yaml") }

    /// The demo release unpacked into `scratch/name` (an OCI layout with referrers, `airlock-bundle.json`).
    static func unpack(into scratch: ScratchDirectory, as name: String = "release") throws -> URL {
        let dir = scratch.url(name)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try Tool.tar.checked(["-xzf", path("bundles/demo-release.tar.gz"), "-C", dir.path])
        return dir
    }

    /// The instant every carried release and its baseline are decided at: the app's layout check names the
    /// verification time, so comparing check lists at "now" would depend on the second each import ran in.
    static let at = "2026-06-01T00:00:00Z"

    /// `airlock import --policy … --at <at> --output json` into `state`, decoded.
    static func decide(_ archive: URL, state: URL, policy: String = policy, extra: [String] = []) throws -> Decision {
        let result = try CLI.run(["import", "--state", state.path, "--policy", policy, "--at", at, "--output", "json"] + extra + [archive.path])
        let report = try? JSONDecoder().decode(ImportedAndVerified.self, from: Data(result.stdout.utf8))
        return Decision(result: result, verdicts: report?.verified.verdicts ?? [])
    }

    /// The original release's verdicts, for comparing check lists.
    static func baseline(in scratch: ScratchDirectory) throws -> [String: VerdictSummary] {
        let decided = try decide(URL(fileURLWithPath: path("bundles/demo-release.tar.gz")), state: scratch.url("baseline-state"))
        #expect(decided.result.status == 0, "\(decided.result.stderr)")
        #expect(Set(decided.bySubject.keys) == [app, worker])
        return decided.bySubject
    }

    /// Expects `decided` to hold a PASS for each of `subjects` whose checks are exactly the baseline's.
    static func expectSameAsBaseline(_ decided: Decision, _ baseline: [String: VerdictSummary], subjects: [String] = [app, worker],
                                     sourceLocation: SourceLocation = #_sourceLocation) {
        for subject in subjects {
            guard let verdict = decided.bySubject[subject] else {
                Issue.record("no verdict for \(subject): \(decided.result.stdout)\(decided.result.stderr)", sourceLocation: sourceLocation)
                continue
            }
            #expect(verdict.result == "PASS", "\(verdict.firstFailure?.message ?? "")", sourceLocation: sourceLocation)
            // The app is decided by rule demo-app (with its in-toto layout), the worker by demo-release, as in the original.
            #expect(verdict.rule == (subject == app ? "demo-app" : "demo-release"), sourceLocation: sourceLocation)
            #expect(verdict.rule == baseline[subject]?.rule, sourceLocation: sourceLocation)
            #expect(verdict.checks == baseline[subject]?.checks, sourceLocation: sourceLocation)
        }
    }

    /// Reads, edits and rewrites a layout's `index.json`.
    static func editIndex(_ layout: URL, _ edit: (inout [[String: Any]]) throws -> Void) throws {
        let url = layout.appendingPathComponent("index.json")
        var index = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        var manifests = try #require(index["manifests"] as? [[String: Any]])
        try edit(&manifests)
        index["manifests"] = manifests
        try JSONSerialization.data(withJSONObject: index, options: [.sortedKeys]).write(to: url)
    }

    /// Writes `data` as a blob of the layout; returns its descriptor digest.
    @discardableResult
    static func putBlob(_ data: Data, in layout: URL) throws -> String {
        let hex = Digest.sha256(data).map { String(format: "%02x", $0) }.joined()
        try data.write(to: layout.appendingPathComponent("blobs/sha256/\(hex)"))
        return "sha256:" + hex
    }

    /// Adds, for each tagged image, the OCI 1.1 referrers fallback tag `repo:sha256-<hex>`: an index listing
    /// the referrers whose `subject` is that image (what a registry without the referrers API holds). The
    /// child descriptors carry no `artifactType` (skopeo 1.9 would otherwise re-serialise the index).
    /// Returns the fallback tags.
    @discardableResult
    static func addReferrersTags(_ layout: URL) throws -> [String] {
        var tags: [String] = []
        try editIndex(layout) { manifests in
            let referrers = manifests.filter { $0["artifactType"] != nil }
            for image in manifests {
                guard let ref = (image["annotations"] as? [String: String])?["org.opencontainers.image.ref.name"],
                      let digest = image["digest"] as? String else { continue }
                let mine = try referrers.filter { referrer in
                    let hex = String((referrer["digest"] as! String).dropFirst(7))
                    let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: layout.appendingPathComponent("blobs/sha256/\(hex)")))
                    return ((manifest as? [String: Any])?["subject"] as? [String: Any])?["digest"] as? String == digest
                }.map { ["mediaType": $0["mediaType"]!, "digest": $0["digest"]!, "size": $0["size"]!] }
                let index = try JSONSerialization.data(withJSONObject: [
                    "schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": mine,
                ], options: [.sortedKeys])
                let tag = "\(ref.split(separator: ":")[0]):sha256-\(digest.dropFirst(7))"
                manifests.append(["mediaType": "application/vnd.oci.image.index.v1+json", "digest": try putBlob(index, in: layout),
                                  "size": index.count, "annotations": ["org.opencontainers.image.ref.name": tag]])
                tags.append(tag)
            }
        }
        return tags
    }
}

/// One `import --policy` run.
struct Decision {
    let result: CommandResult
    let verdicts: [VerdictSummary]
    /// The verdicts by image digest.
    var bySubject: [String: VerdictSummary] { Dictionary(verdicts.map { ($0.subject, $0) }, uniquingKeysWith: { first, _ in first }) }
}

/// `import --policy --output json`.
struct ImportedAndVerified: Decodable {
    let verified: VerifyReport
}
