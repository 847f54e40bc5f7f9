import Foundation
import AirlockCrypto
import AirlockFormats
import AirlockVerify

/// Times the primitive operations one bundle verification is made of, to see where time goes.
func micro(corpus: URL) throws {
    func data(_ path: String) throws -> Data { try Data(contentsOf: corpus.appendingPathComponent(path)) }
    let trust = try TrustMaterial(json: data("tuf/sigstore-root-signing/targets/trusted_root.json"))
    let bundle = try SigstoreBundle.parse(data("sigstore/sigstore-java/samples/bundles/bundle.v3.sigstore"))
    guard case .certificate(let der) = bundle.verificationMaterial.content else { return }
    let leaf = try Certificate(der: der)
    let entry = bundle.verificationMaterial.tlogEntries[0]
    let time = Date(timeIntervalSince1970: TimeInterval(entry.integratedTime))
    func measure(_ name: String, _ body: () throws -> Void) rethrows {
        let start = DispatchTime.now().uptimeNanoseconds
        var n = 0
        repeat {
            for _ in 0..<20 { try body() }
            n += 20
        } while DispatchTime.now().uptimeNanoseconds - start < 500_000_000
        let per = Double(DispatchTime.now().uptimeNanoseconds - start) / Double(n) / 1000
        print(String(format: "%-40@ %9.1f µs", name as NSString, per))
    }
    try measure("bundle JSON parse") { _ = try SigstoreBundle.parse(data("sigstore/sigstore-java/samples/bundles/bundle.v3.sigstore")) }
    try measure("Certificate(der:)") { _ = try Certificate(der: der) }
    try measure("PublicKey(spkiDER:)") { _ = try PublicKey(spkiDER: leaf.publicKey.spkiDER) }
    let pool = trust.certificateAuthorities.last!.pool
    measure("CertificatePool.validate") { _ = pool.validate(leaf, at: time, usage: .codeSigning) }
    let sig: Data
    if case .messageSignature(let m) = bundle.content { sig = m.signature } else { sig = Data() }
    let digest = Hex.decode("a0cfc71271d6e278e57cd332ff957c3f7043fdda354c4cbb190a30d56efa01bf")!
    measure("ECDSA P-256 verify (prehashed)") { _ = leaf.publicKey.isValidSignature(sig, forDigest: digest, scheme: .ecdsa(.sha256)) }
    let scts = try leaf.embeddedSCTs()
    let log = trust.ctlogs[Hex.encode(scts[0].logID)]!
    let path = try pool.validate(leaf, at: time, usage: .codeSigning).get()
    measure("SCT verify") { _ = scts[0].verify(leaf: leaf, issuer: path[1], logKey: log.key) }
    try measure("precertificateTBS") { _ = try leaf.precertificateTBS() }
    measure("leaf.fulcioExtensions + SANs") { _ = leaf.subjectAlternativeNames; _ = leaf.fulcioExtensions.issuer }
    let rekor = Data(try Certificate.parsePEM(leaf.pem).first!.der)
    _ = rekor
    try measure("Certificate.parsePEM") { _ = try Certificate.parsePEM(leaf.pem) }
    try measure("RekorBody.parse") { _ = try RekorBody.parse(entry.canonicalizedBody) }
    let v2 = try SigstoreBundle.parse(data("sigstore/sigstore-java/samples/bundles/bundle.dsse.rekor-v2.sigstore"))
    let tsr = v2.verificationMaterial.rfc3161Timestamps[0]
    try measure("TimestampResponse(der:)") { _ = try TimestampResponse(der: tsr) }
    let response = try TimestampResponse(der: tsr)
    let tsa = trust.timestampAuthorities.last!
    guard case .dsseEnvelope(let env) = v2.content else { return }
    measure("TimestampResponse.verify") {
        _ = response.verify(signedData: env.signatures[0].sig, anchors: tsa.chain, intermediates: [], expectedSigner: tsa.timestampLeaf)
    }
}
