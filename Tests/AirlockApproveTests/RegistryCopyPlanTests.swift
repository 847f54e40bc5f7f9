import Foundation
import Testing
@testable import AirlockAppliance
import AirlockFormats

/// Where each layout entry goes in the site registry, and the skopeo lines for it.
@Suite struct RegistryCopyPlanTests {
    static let image = "sha256:" + String(repeating: "a1", count: 32)
    static let att = "sha256:" + String(repeating: "b2", count: 32)
    static let referrer = "sha256:" + String(repeating: "c3", count: 32)

    static func index(name: String, attName: String, referrerName: String) throws -> OCIIndex {
        let json = """
        {"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[
         {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"\(image)","size":1,"annotations":{"org.opencontainers.image.ref.name":"\(name)"}},
         {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"\(att)","size":1,"annotations":{"kind":"dev.cosignproject.cosign/atts","org.opencontainers.image.ref.name":"\(attName)"}},
         {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"\(referrer)","size":1,"artifactType":"application/vnd.dev.sigstore.bundle.v0.3+json","annotations":{"org.opencontainers.image.ref.name":"\(referrerName)"}}]}
        """
        return try OCIIndex.parse(Data(json.utf8), limits: .default)
    }

    @Test("a name with a registry host (and port) goes to the same path under $REGISTRY; .att by tag, referrer by digest")
    func hostStripped() throws {
        let tag = "sha256-" + String(repeating: "a1", count: 32)
        let plan = RegistryCopy.plan(try Self.index(name: "registry.example:5000/team/app:2.0", attName: "registry.example:5000/team/app:\(tag).att",
                                                    referrerName: "registry.example:5000/team/app:\(tag).sigstore-bundle"))
        #expect(plan.map(\.kind) == [.image, .attestation, .referrer])
        #expect(plan.map(\.destination) == ["team/app:2.0", "team/app:\(tag).att", "team/app@\(Self.referrer)"])
        #expect(plan[0].copyCommand == "skopeo copy --all --preserve-digests 'oci:oci:registry.example:5000/team/app:2.0' \"docker://${REGISTRY}/team/app:2.0\"")
        #expect(plan[2].deleteCommand == "skopeo delete \"docker://${REGISTRY}/team/app@\(Self.referrer)\"")
        #expect(plan.allSatisfy { $0.imageDigest == Self.image })
    }

    @Test("an image approved under its bare digest goes to airlock/approved by digest, its attachments with it")
    func bareDigest() throws {
        let tag = "sha256-" + String(repeating: "a1", count: 32)
        let plan = RegistryCopy.plan(try Self.index(name: Self.image, attName: "\(tag).att", referrerName: "\(tag).sigstore-bundle"))
        #expect(plan.map(\.destination) == ["airlock/approved@\(Self.image)", "airlock/approved:\(tag).att", "airlock/approved@\(Self.referrer)"])
    }

    @Test("a name with a quote is quoted for the shell")
    func quoting() {
        #expect(RegistryCopy.shellQuoted("a'b") == "'a'\\''b'")
    }
}
