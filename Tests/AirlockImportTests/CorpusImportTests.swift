import Foundation
import Testing
import AirlockImport
import AirlockStore
import AirlockTestKit
import AirlockFormats

/// Packs a corpus OCI layout into a tarball (at run time, with GNU tar), imports it, and returns the outcome.
private func importCorpusLayout(_ relative: String, compressor: String? = nil, prefix: String? = nil,
                                scratch: ScratchDirectory) throws -> ImportOutcome {
    let name = compressor == nil ? "bundle.tar" : "bundle.tar.\(compressor!)"
    let archive = try scratch.pack(Corpus.url(relative), as: name, prefix: prefix, compressor: compressor)
    return try scratch.importer().importBundle(at: archive)
}

private let slsa = "slsa/slsa-verifier/testdata/gha_generic_container"

@Suite("Corpus OCI layouts: images, signatures and attestations as SOURCES.md describes")
struct CorpusImportTests {
    @Test(.enabled(if: Corpus.isAvailable, "corpus absent"))
    func cosignSavedLayoutV140() throws {
        let scratch = try ScratchDirectory("import")
        defer { scratch.remove() }
        let outcome = try importCorpusLayout("\(slsa)/v1.4.0/container_workflow_dispatch", compressor: "gzip", scratch: scratch)
        let expected = String(decoding: try Corpus.data("\(slsa)/v1.4.0/container_workflow_dispatch.digest"), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(expected == "sha256:a74d89d8dd863ca5dae4a29e0feede81ddf59197849a80784af5a02ab7786925")
        #expect(outcome.images.map(\.digest) == [expected])
        #expect(outcome.images.first?.mediaType == "application/vnd.docker.distribution.manifest.v2+json")
        #expect(outcome.images.first?.isComplete == true)
        let attestation = try #require(outcome.evidence.first)
        #expect(outcome.evidence.count == 1)
        #expect(attestation.kind == .cosignAttestation)
        #expect(attestation.subjectDigest == expected)
        #expect(attestation.sha256 == "784c5bd14237b9a979fd0251f01dcc7956f06da243ca1e9c52470c410e53c654")
        #expect(attestation.mediaType == "application/vnd.dsse.envelope.v1+json")
        for key in ["dev.sigstore.cosign/certificate", "dev.sigstore.cosign/chain", "dev.sigstore.cosign/bundle"] {
            #expect(attestation.annotations[key] != nil, "annotation \(key)")
        }
        let store = try Store(stateDirectory: scratch.state)
        #expect(store.blobs.contains(sha256: attestation.sha256))
        #expect(try store.catalogue.evidence(subjectDigest: expected).count == 1)
    }

    @Test(.enabled(if: Corpus.isAvailable, "corpus absent"))
    func cosignSavedLayoutV210MultiPlatform() throws {
        let scratch = try ScratchDirectory("import")
        defer { scratch.remove() }
        let outcome = try importCorpusLayout("\(slsa)/v2.1.0/container_workflow_dispatch", compressor: "zstd", scratch: scratch)
        let expected = "sha256:234e2c830c2fb31ac5671789d22adfe44d30c3ee831d01beae5e237841a13122"
        let top = try #require(outcome.images.first { $0.parentDigest == nil })
        #expect(top.digest == expected)
        #expect(top.platforms == ["linux/amd64", "unknown/unknown"])
        #expect(top.isComplete)
        #expect(Set(outcome.images.filter { $0.parentDigest == expected }.map(\.digest)) == [
            "sha256:d1fc0de9c6a33e502c488221644de1736c53d8ddb59b0e41b4946fb26af50e69",
            "sha256:a79645dc6fd76a0db9c9c04f5ba722ecb7d1fa8cdfc1d848d931d884cbab02ea",
        ])
        let attestation = try #require(outcome.evidence.first)
        #expect(outcome.evidence.count == 1)
        #expect(attestation.kind == .cosignAttestation)
        #expect(attestation.subjectDigest == expected)
        #expect(attestation.predicateType == "https://slsa.dev/provenance/v0.2")
    }

    @Test(.enabled(if: Corpus.isAvailable, "corpus absent"))
    func regclientReferrers() throws {
        let scratch = try ScratchDirectory("import")
        defer { scratch.remove() }
        // Under a subdirectory, to exercise layout detection away from the root.
        let outcome = try importCorpusLayout("oci/regclient-testrepo", compressor: "xz", prefix: "oci/testrepo", scratch: scratch)
        func image(_ tag: String) -> ImageRecord? { outcome.images.first { $0.names.contains(tag) } }
        #expect(outcome.images.allSatisfy { $0.layoutPath == "oci/testrepo" })
        #expect(outcome.images.allSatisfy { $0.isComplete }, "all descriptors resolve")
        for tag in ["b1", "b2", "b3", "v1", "v2", "v3", "a-docker", "a3", "a-example", "child", "mirror", "ai"] {
            #expect(image(tag) != nil, "image \(tag)")
        }
        #expect(image("v1")?.platforms.count == 4)
        #expect(image("v2")?.platforms.count == 3)
        let v1 = "sha256:7ceb9b6bcc274697d0c38be6214b50cec79d601bc61708747d3f6cb772f6c6fa"
        let v2 = "sha256:dfae8f425735a5e3a72e40d6609e03079995511d48157c74d54801ff4430491e"
        let v3 = "sha256:6fe828b32b9b4572f32b16c1c0a4d675660b19ec207d010724309374252c2d6d"
        #expect(image("v1")?.digest == v1 && image("v2")?.digest == v2 && image("v3")?.digest == v3)
        #expect(outcome.evidence.allSatisfy { $0.kind == .referrer }, "no cryptographic signatures in testrepo")
        func referrers(of subject: String) -> [EvidenceRecord] { outcome.evidence.filter { $0.subjectDigest == subject } }
        #expect(Set(referrers(of: v2).compactMap(\.mediaType)) == ["application/example.sbom", "application/example.signature"])
        let v2Children = outcome.images.filter { $0.parentDigest == v2 }.map(\.digest)
        #expect(v2Children.count == 3)
        for child in v2Children {
            #expect(referrers(of: child).map(\.mediaType) == ["application/example.arms"], "arms referrer of \(child)")
        }
        let v1Docker = "sha256:7e87ffc91b9ceafa85be2777b16b1be10e4664fd4f3acc86e4295b97da5163ba"
        #expect(outcome.images.first { $0.digest == v1Docker }?.parentDigest == v1)
        #expect(referrers(of: v1Docker).map(\.sha256) == ["d910434391624641a9398ec921067e2dbd9a76aac69f120257906f811f0eecb8"])
        #expect(referrers(of: v3).count == 2 && referrers(of: v3).allSatisfy { $0.mediaType == "application/example.sbom" })
        let child = "sha256:8e54c6754f08d22f85c7552bb1951b228b8194d29b14a1639dbe50868da0273e"
        #expect(referrers(of: child).map(\.mediaType) == ["application/example.loop"])
        #expect(outcome.evidence.count == 9)
        #expect(!(image("mirror")?.names.contains { $0.hasPrefix("sha256-") } ?? true), "fallback tags are not image names")
    }

    @Test(.enabled(if: Corpus.isAvailable, "corpus absent"))
    func zarfCraneLayoutWithLegacySignature() throws {
        let scratch = try ScratchDirectory("import")
        defer { scratch.remove() }
        let outcome = try importCorpusLayout("oci/zarf-crane-oci-layout", scratch: scratch)
        let hello = try #require(outcome.images.first { $0.digest == "sha256:03b62250a3cb1abd125271d393fc08bf0cc713391eda6b57c02d1ef85efcc25c" })
        #expect(hello.names == ["ghcr.io/zarf-dev/images/hello-world:latest",
                                "docker.io/library/hello-world@sha256:03b62250a3cb1abd125271d393fc08bf0cc713391eda6b57c02d1ef85efcc25c"])
        let local = try #require(outcome.images.first { $0.digest == "sha256:36d1d40a06b50801a6a61e0d77839ddcb1fad96236bc9bb0b054a0a88ddee6d2" })
        #expect(local.mediaType == "application/vnd.docker.distribution.manifest.v2+json")
        #expect(local.names.count == 2)
        #expect(outcome.images.contains { $0.names == ["ghcr.io/stefanprodan/charts/podinfo:6.4.0"] })
        let signature = try #require(outcome.evidence.first)
        #expect(outcome.evidence.count == 1)
        #expect(signature.kind == .cosignSignature)
        #expect(signature.subjectDigest == "sha256:57a654ace69ec02ba8973093b6a786faa15640575fbf0dbb603db55aca2ccec8")
        #expect(signature.sha256 == "3e84ea487b4c52a3299cf2996f70e7e1721236a0998da33a0e30107108486b3e")
        #expect(signature.annotations["dev.cosignproject.cosign/signature"]?.hasPrefix("MEUCIQCqjdUm") == true)
        #expect(signature.annotations["dev.sigstore.cosign/bundle"] != nil)
        #expect(!outcome.images.contains { $0.digest == "sha256:6162308b7421163281afe8bd1c69ae16d50e675cbe93ff8b34f8ad5efb71a866" },
                "the .sig manifest is evidence, not an image")
    }

    @Test(.enabled(if: Corpus.isAvailable, "corpus absent"))
    func severalLayoutsInOneBundleAndReimportIsANoOp() throws {
        let scratch = try ScratchDirectory("import")
        defer { scratch.remove() }
        let dir = scratch.root.appendingPathComponent("tree")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Corpus.url("\(slsa)/v1.4.0/container_workflow_dispatch"), to: dir.appendingPathComponent("a"))
        try FileManager.default.copyItem(at: Corpus.url("oci/zarf-crane-oci-layout"), to: dir.appendingPathComponent("b"))
        let archive = try scratch.pack(dir, as: "two.tgz", compressor: "gzip")
        let first = try scratch.importer().importBundle(at: archive)
        #expect(!first.alreadyImported)
        #expect(Set(first.images.map(\.layoutPath)) == ["a", "b"])
        #expect(first.evidence.count == 2)
        let before = try scratch.snapshot()
        let second = try scratch.importer().importBundle(at: archive)
        #expect(second.alreadyImported)
        #expect(second.bundle.id == first.bundle.id)
        #expect(try scratch.snapshot() == before)
        let catalogue = try Store(stateDirectory: scratch.state).catalogue
        #expect(try catalogue.bundles().count == 1)
        #expect(try catalogue.images(bundleID: first.bundle.id).count == first.images.count)
        #expect(try catalogue.files(bundleID: first.bundle.id).count == first.bundle.entryCount)
    }
}
