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

/// Generated functionaries and hand-built layouts/links for synthetic in-toto tests.
struct InTotoSynthetic {
    struct Functionary {
        let key: PrivateKey
        let description: InTotoKey
        let keyid: String
        let scheme: SignatureScheme
    }

    static func functionary(_ algorithm: KeyAlgorithm, hashAlgorithms: [String]? = nil, reuse: PrivateKey? = nil) throws -> Functionary {
        let key = try reuse ?? PrivateKey.generate(algorithm)
        let (keytype, schemeName, value, scheme): (String, String, String, SignatureScheme) = switch algorithm {
        case .ed25519: ("ed25519", "ed25519", Hex.encode(key.publicKey.rawEd25519 ?? Data()), .ed25519)
        case .ecdsaP256: ("ecdsa", "ecdsa-sha2-nistp256", key.publicKey.pem, .ecdsa(.sha256))
        default: ("rsa", "rsassa-pss-sha256", key.publicKey.pem, .rsaPSS(.sha256))
        }
        var description = InTotoKey(keyid: "", keytype: keytype, scheme: schemeName, keyidHashAlgorithms: hashAlgorithms,
                                    publicKey: value, certificate: nil)
        let keyid = Hex.encode(Digest.sha256(description.keyIDPreimage()))
        description.keyid = keyid
        return Functionary(key: key, description: description, keyid: keyid, scheme: scheme)
    }

    /// Swift literals → JSONValue (String, Int, Bool, arrays, [String: Any]).
    static func jv(_ any: Any) -> JSONValue {
        switch any {
        case let s as String: return .string(s)
        case let i as Int: return .number(JSONNumber(Int64(i)))
        case let b as Bool: return .bool(b)
        case let a as [Any]: return .array(a.map(jv))
        case let o as [String: Any]:
            var obj = JSONObject()
            for k in o.keys.sorted() { obj[k] = jv(o[k]!) }
            return .object(obj)
        case let v as JSONValue: return v
        default: return .null
        }
    }

    static func keyJSON(_ f: Functionary) -> [String: Any] {
        var o: [String: Any] = ["keytype": f.description.keytype, "scheme": f.description.scheme,
                                "keyval": ["public": f.description.publicKey], "keyid": f.keyid]
        if let algs = f.description.keyidHashAlgorithms { o["keyid_hash_algorithms"] = algs }
        return o
    }

    static func step(_ name: String, _ pubkeys: [String], threshold: Int = 1, command: [String] = [],
                     materials: [[String]] = [], products: [[String]] = []) -> [String: Any] {
        ["_type": "step", "name": name, "pubkeys": pubkeys, "threshold": threshold, "expected_command": command,
         "expected_materials": materials, "expected_products": products]
    }

    static func layout(_ functionaries: [Functionary], steps: [[String: Any]], inspect: [[String: Any]] = [],
                       expires: String = "2030-01-01T00:00:00Z") -> JSONValue {
        var keys: [String: Any] = [:]
        for f in functionaries { keys[f.keyid] = keyJSON(f) }
        return jv(["_type": "layout", "expires": expires, "readme": "", "keys": keys, "steps": steps, "inspect": inspect])
    }

    static func link(_ name: String, materials: [String: String] = [:], products: [String: String] = [:], command: [String] = []) -> JSONValue {
        jv(["_type": "link", "name": name, "command": command, "byproducts": [String: Any](), "environment": [String: Any](),
            "materials": materials.mapValues { ["sha256": $0] }, "products": products.mapValues { ["sha256": $0] }])
    }

    static func metablock(_ signed: JSONValue, by f: Functionary, keyid: String? = nil) throws -> Data {
        try InTotoFixture.metablock(signed, key: f.key, keyid: keyid ?? f.keyid, scheme: f.scheme)
    }

    static func dsse(_ signed: JSONValue, by f: Functionary) throws -> Data {
        let payload = CanonicalJSON.compact(signed)
        let pae = DSSEEnvelope.pae(type: MediaType.inTotoPayload, body: payload)
        let sig = try f.key.signature(for: pae, scheme: f.scheme)
        return CanonicalJSON.compact(jv(["payload": Base64.encode(payload), "payloadType": MediaType.inTotoPayload,
                                         "signatures": [["keyid": f.keyid, "sig": Base64.encode(sig)]]]))
    }

    static func verify(_ layout: JSONValue, owner: Functionary, files: [String: Data], skip: Set<String> = [],
                       parameters: [String: String] = [:]) throws -> InTotoVerificationResult {
        let envelope = try InTotoEnvelope.parse(metablock(layout, by: owner))
        let ownerKey = try InTotoVerificationKey(owner.description)
        return try InTotoLayoutVerifier.verify(
            layout: envelope, layoutFile: "synthetic.layout", keys: [ownerKey], links: InTotoLinkDirectory(label: "links", files: files),
            options: InTotoVerificationOptions(verificationTime: InTotoFixture.now, skippedInspections: skip, parameters: parameters))
    }
}
