import Foundation
import Testing
import AirlockFormats
import AirlockImport
import AirlockStore
import AirlockTestKit

private func hex(_ descriptor: [String: Any]) -> String { String((descriptor["digest"] as! String).dropFirst(7)) }

/// Lists `descriptor` in the layout's `index.json` with exactly these annotations.
private func list(_ layout: inout LayoutBuilder, _ descriptor: [String: Any], annotations: [String: String]) {
    var entry = descriptor
    entry["annotations"] = annotations
    layout.indexEntries.append(entry)
}

private let simpleSigningType = "cosign container image signature"

/// A cosign `.sig` manifest (simple-signing layer) for `image`, not listed.
private func signatureManifest(_ layout: inout LayoutBuilder, for image: [String: Any]) -> [String: Any] {
    let digest = image["digest"] as! String
    let payload = #"{"critical":{"identity":{"docker-reference":"r/x"},"image":{"docker-manifest-digest":"\#(digest)"},"type":"\#(simpleSigningType)"},"optional":null}"#
    let layer = layout.blob(Data(payload.utf8), mediaType: MediaType.cosignSimpleSigning,
                            annotations: ["dev.cosignproject.cosign/signature": "MEUC"])
    return layout.image(layers: [layer])
}

/// What operators carry besides plain OCI layouts: gh attestation files, skopeo-renamed cosign tags,
/// Hauler stores, Docker 25+ names.
@Suite("Carried formats: gh attestations, cosign tag fallback, Hauler, Docker names")
struct CarrierTests {
    @Test(.enabled(if: Corpus.isAvailable, "corpus absent"))
    func ghAttestationLinesAreEvidenceForTheNamedDigest() throws {
        var layout = LayoutBuilder()
        let image = layout.image()
        layout.list(image, tag: "v1")
        let jsonl = try Data(contentsOf: Corpus.url("sigstore/github-cli/attestation/sigstore-js-2.1.0_with_2_bundles.jsonl"))
        layout.tar.add("sha256:\(hex(image)).jsonl", data: jsonl)
        let scratch = try ScratchDirectory("import")
        let outcome = try scratch.importer().importBundle(at: scratch.write(layout.finish(), as: "gh.tar"))
        #expect(outcome.images.map(\.digest) == [image["digest"] as! String])
        #expect(outcome.evidence.map(\.source) == ["sha256:\(hex(image)).jsonl line 1", "sha256:\(hex(image)).jsonl line 2"])
        #expect(outcome.evidence.allSatisfy { $0.kind == .sigstoreBundle && $0.subjectDigest == image["digest"] as? String })
        // Each line is its own blob in the store, readable as a Sigstore bundle.
        let store = try Store(stateDirectory: scratch.state)
        let line = try Data(contentsOf: store.blobs.url(sha256: outcome.evidence[0].sha256))
        #expect(try SigstoreBundle.parse(line, limits: .default).mediaType.hasPrefix("application/vnd.dev.sigstore.bundle"))
    }

    @Test func ghAttestationWithoutLayoutIsUnlinkedEvidenceAboutItsDigest() throws {
        var tar = TarWriter()
        let digest = String(repeating: "ab", count: 32)
        tar.add("attestations/sha256-\(digest).jsonl", "{\"a\":1}\n\n{\"b\":2}\r\n")
        let scratch = try ScratchDirectory("import")
        let outcome = try scratch.importer().importBundle(at: scratch.write(tar.archive, as: "only.tar"))
        #expect(outcome.images.isEmpty)
        #expect(outcome.evidence.map(\.source) == ["attestations/sha256-\(digest).jsonl line 1", "attestations/sha256-\(digest).jsonl line 3"])
        #expect(outcome.evidence.allSatisfy { $0.subjectDigest == "sha256:\(digest)" })
    }

    @Test func ghAttestationFileBeyondTheLineLimitIsRefused() throws {
        var tar = TarWriter()
        tar.add("sha256:\(String(repeating: "cd", count: 32)).jsonl", "{}\n{}\n{}\n")
        let scratch = try ScratchDirectory("import")
        var limits = Limits()
        limits.maxBundlesPerJSONLines = 2
        let error = #expect(throws: ImportError.self) {
            try scratch.importer(limits: limits).importBundle(at: scratch.write(tar.archive, as: "many.tar"))
        }
        #expect(error?.code == .limitExceeded)
        #expect(error?.reason.contains("more than 2 JSON lines") == true, "\(String(describing: error))")
    }

    @Test(arguments: ["registry.local/app:sha256-{hex}.sig", "registry.local:5000/app:sha256-{hex}.sig", "app:sha256-{hex}"])
    func cosignTagFallbackNamesAreEvidenceNotImages(name: String) throws {
        var layout = LayoutBuilder()
        let image = layout.image()
        layout.list(image, tag: "v1")
        list(&layout, signatureManifest(&layout, for: image),
             annotations: [OCIAnnotation.refName: name.replacingOccurrences(of: "{hex}", with: hex(image))])
        let scratch = try ScratchDirectory("import")
        let outcome = try scratch.importer().importBundle(at: scratch.write(layout.finish(), as: "t.tar"))
        #expect(outcome.images.map(\.digest) == [image["digest"] as! String], "a signature manifest is not an image")
        #expect(outcome.evidence.map(\.kind) == [.cosignSignature])
        #expect(outcome.evidence.first?.subjectDigest == image["digest"] as? String)
    }

    @Test func haulerSignatureAndAttestationKindsAreEvidence() throws {
        var layout = LayoutBuilder()
        let image = layout.image()
        let name = "docker.io/library/app:1.0"
        list(&layout, image, annotations: ["kind": "dev.hauler/image", "io.containerd.image.name": name])
        list(&layout, signatureManifest(&layout, for: image), annotations: ["kind": "dev.hauler/sigs", "io.containerd.image.name": name])
        let statement = #"{"_type":"https://in-toto.io/Statement/v1","subject":[{"name":"app","digest":{"sha256":"\#(hex(image))"}}],"predicateType":"https://slsa.dev/provenance/v1","predicate":{}}"#
        let envelope = #"{"payloadType":"application/vnd.in-toto+json","payload":"\#(Data(statement.utf8).base64EncodedString())","signatures":[{"sig":"AA=="}]}"#
        let attLayer = layout.blob(Data(envelope.utf8), mediaType: MediaType.dsseEnvelope)
        list(&layout, layout.image(layers: [attLayer]), annotations: ["kind": "dev.hauler/atts", "io.containerd.image.name": name])
        let scratch = try ScratchDirectory("import")
        let outcome = try scratch.importer().importBundle(at: scratch.write(layout.finish(), as: "hauler.tar"))
        #expect(outcome.images.map(\.digest) == [image["digest"] as! String], "Hauler evidence entries are not duplicate images")
        #expect(outcome.images.first?.names == [name])
        #expect(outcome.evidence.map(\.kind) == [.cosignSignature, .cosignAttestation])
        #expect(outcome.evidence.allSatisfy { $0.subjectDigest == image["digest"] as? String })
    }

    @Test func docker25SaveUsesTheFullContainerdName() throws {
        var layout = LayoutBuilder()
        let image = layout.image()
        list(&layout, image, annotations: [OCIAnnotation.refName: "1.0.0", "io.containerd.image.name": "docker.io/acme/app:1.0.0"])
        let scratch = try ScratchDirectory("import")
        let outcome = try scratch.importer().importBundle(at: scratch.write(layout.finish(), as: "d25.tar"))
        #expect(outcome.images.first?.names == ["docker.io/acme/app:1.0.0"])
    }
}
