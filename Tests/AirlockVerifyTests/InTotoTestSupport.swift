import AirlockCrypto
import AirlockFormats
import AirlockTestKit
import AirlockVerify
import Foundation

/// Corpus access and small builders shared by the in-toto tests.
enum InTotoFixture {
    static let golang = "in-toto/in-toto-golang/data"
    static let demoPass = "in-toto/reference-demo-dsse/pass"
    static let demoTampered = "in-toto/reference-demo-dsse/tampered"

    /// 2026-01-01T00:00:00Z: before every corpus layout's expiry.
    static let now = Date(timeIntervalSince1970: 1_767_225_600)

    static func key(_ path: String) throws -> InTotoVerificationKey {
        try InTotoVerificationKey.parse(keyFile: Corpus.data(path))
    }

    static func envelope(_ path: String) throws -> InTotoEnvelope {
        try InTotoEnvelope.parse(Corpus.data(path))
    }

    /// The `*.link` files of a corpus directory (what the appliance would read).
    static func links(_ dir: String, excluding: Set<String> = []) throws -> InTotoLinkDirectory {
        let url = Corpus.url(dir)
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: url.path)
        where name.hasSuffix(".link") && !excluding.contains(name) {
            files[name] = try Data(contentsOf: url.appendingPathComponent(name))
        }
        return InTotoLinkDirectory(label: dir, files: files)
    }

    static func verify(_ layout: String, keys: [String], links: InTotoLinkDirectory, skip: Set<String> = [],
                       at time: Date = now, product: InTotoProductExpectation? = nil) throws -> InTotoVerificationResult {
        try InTotoLayoutVerifier.verify(
            layout: envelope(layout), layoutFile: layout, keys: keys.map(key), links: links,
            options: InTotoVerificationOptions(verificationTime: time, skippedInspections: skip, product: product)
        )
    }

    /// A Metablock signed with `key` (rsassa-pss-sha256 for RSA, ed25519, ecdsa-sha2-nistp256), keyid `keyid`.
    static func metablock(_ signed: JSONValue, key: PrivateKey, keyid: String, scheme: SignatureScheme) throws -> Data {
        let sig = try key.signature(for: CanonicalJSON.olpc(signed), scheme: scheme)
        let envelope = JSONValue.object(JSONObject([
            "signed": signed,
            "signatures": .array([.object(JSONObject(["keyid": .string(keyid), "sig": .string(Hex.encode(sig))]))]),
        ]))
        return CanonicalJSON.compact(envelope)
    }

    static func json(_ text: String) throws -> JSONValue {
        try JSONValue.parse(Data(text.utf8))
    }
}
