// make-demo-bundle: generates Airlock's demo evidence and its trust root from one miniature Sigstore.
//
//   make-demo-bundle PACKAGE_ROOT STAGING_DIR
//
// Writes trustroot/demo/, bundles/demo/, bundles/demo-policy.yaml and bundles/README.md under PACKAGE_ROOT, and the two release
// archives as uncompressed tarballs in STAGING_DIR (tools/make-demo-bundle compresses them into bundles/).
// Keys are fresh on every run, so the outputs are committed together, once.
import Foundation
import AirlockCrypto
import AirlockFormats
import AirlockTestKit

func write(_ data: Data, to url: URL) throws {
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try data.write(to: url)
    print("wrote \(url.path) (\(data.count) bytes)")
}

func tarball(_ files: [String: Data]) throws -> Data {
    var tar = UstarWriter()
    for path in files.keys.sorted() { try tar.addFile(path, contents: files[path]!) }
    return tar.finish()
}

func generate(root: URL, staging: URL) throws {
    var sigstore = try MiniSigstore()
    let trustedRoot = sigstore.trustedRootJSON()
    let rootDigest = Hex.encode(Digest.sha256(trustedRoot))
    try write(trustedRoot, to: root.appendingPathComponent("trustroot/demo/trusted_root.json"))
    try write(Data(DemoReadmes.trustRoot(sha256: rootDigest).utf8), to: root.appendingPathComponent("trustroot/demo/README.md"))

    let notes = Data(DemoProject.releaseNotes.utf8)
    let options = SigstoreBundleOptions(timestampCount: 1)
    let signed = try sigstore.messageBundle(artifact: notes, identity: DemoProject.identity, options: options)
    let signing = sigstore.defaultSigningTime
    let predicate = DemoProject.provenancePredicate(startedOn: signing.addingTimeInterval(-300), finishedOn: signing.addingTimeInterval(-60))
    let notesHex = Hex.encode(Digest.sha256(notes))
    let provenance = try sigstore.dsseBundle(
        statement: MiniSigstore.inTotoStatement(subjects: [(name: "release-notes.txt", sha256Hex: notesHex)],
                                                predicateType: PredicateType.slsaProvenanceV1, predicate: predicate),
        identity: DemoProject.identity, options: options, artifact: notes)
    let demo = root.appendingPathComponent("bundles/demo")
    try write(notes, to: demo.appendingPathComponent("release-notes.txt"))
    try write(signed.json, to: demo.appendingPathComponent("release-notes.txt.sigstore.json"))
    try write(provenance.json, to: demo.appendingPathComponent("provenance.sigstore.json"))
    try write(Data(DemoProject.tamperedNotes.utf8), to: demo.appendingPathComponent("tampered/release-notes.txt"))
    try write(signed.json, to: demo.appendingPathComponent("tampered/release-notes.txt.sigstore.json"))

    var release = try DemoRelease(sigstore: &sigstore)
    let created = signing
    try write(try tarball(release.files(trustedRoot: trustedRoot, created: created)), to: staging.appendingPathComponent("demo-release.tar"))
    let worker = release.manifests[1]
    release.evidence[1].provenance = try sigstore.alteringDSSEPayload(
        of: release.evidence[1].provenance, to: DemoRelease.alteredWorkerStatement(sigstore: sigstore, subject: worker), options: options)
    try write(try tarball(release.files(trustedRoot: trustedRoot, created: created)), to: staging.appendingPathComponent("demo-release-tampered.tar"))

    try write(Data(DemoReadmes.policy(layout: release.inToto).utf8), to: root.appendingPathComponent("bundles/demo-policy.yaml"))
    let facts = DemoReadmes.Facts(
        trustRootSHA256: rootDigest, notesSHA256: notesHex, signingTime: RFC3339.format(signing, .secondsOfNearestMillisecond),
        images: zip(DemoRelease.images, release.manifests).map { ($0.refName, $1.digest.description) })
    try write(Data(DemoReadmes.bundles(facts).utf8), to: root.appendingPathComponent("bundles/README.md"))
}

let arguments = CommandLine.arguments
guard arguments.count == 3 else {
    FileHandle.standardError.write(Data("usage: make-demo-bundle PACKAGE_ROOT STAGING_DIR\n".utf8))
    exit(64)
}
do {
    try generate(root: URL(fileURLWithPath: arguments[1], isDirectory: true), staging: URL(fileURLWithPath: arguments[2], isDirectory: true))
} catch {
    FileHandle.standardError.write(Data("make-demo-bundle: \(error)\n".utf8))
    exit(1)
}
