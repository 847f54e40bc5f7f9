public import AirlockCrypto
public import AirlockFormats
public import Foundation

/// TEST ONLY: signed in-toto layouts and links (Metablocks) made with generated keys.
public enum InTotoWriter {
    /// A key that signs layouts or links: ECDSA P-256, scheme `ecdsa-sha2-nistp256`.
    public struct Signer: Sendable {
        /// The private key.
        public let key: PrivateKey
        /// The in-toto key id (hex SHA-256 of the key's OLPC canonical JSON).
        public let keyid: String
        /// The public key as a layout lists it.
        public let description: InTotoKey
        /// The public key in PEM (what a site policy lists).
        public var publicPEM: String { key.publicKey.pem }

        /// Generates a signer.
        public init() throws {
            key = try PrivateKey.generate(.ecdsaP256)
            var description = InTotoKey(keyid: "", keytype: "ecdsa", scheme: "ecdsa-sha2-nistp256", keyidHashAlgorithms: nil,
                                        publicKey: key.publicKey.pem, certificate: nil)
            keyid = Hex.encode(Digest.sha256(description.keyIDPreimage()))
            description.keyid = keyid
            self.description = description
        }

        /// `<step>.<keyid8>.link`.
        public func linkName(_ step: String) -> String { "\(step).\(keyid.prefix(8)).link" }
    }

    /// A step: its functionaries, threshold, artifact rules (each rule a list of words) and expected command.
    public static func step(_ name: String, _ functionaries: [Signer], threshold: Int = 1,
                            materials: [[String]] = [], products: [[String]] = [], expectedCommand: [String] = []) -> JSONValue {
        object(["_type": .string("step"), "name": .string(name), "pubkeys": .array(functionaries.map { .string($0.keyid) }),
                "threshold": .number(JSONNumber(Int64(threshold))), "expected_command": .array(expectedCommand.map(JSONValue.string)),
                "expected_materials": rules(materials), "expected_products": rules(products)])
    }

    /// A layout listing `functionaries`' keys, with `steps` and no inspections.
    public static func layout(_ functionaries: [Signer], steps: [JSONValue], expires: String = "2030-01-01T00:00:00Z") -> JSONValue {
        var keys = JSONObject()
        for f in functionaries {
            keys[f.keyid] = object(["keyid": .string(f.keyid), "keytype": .string("ecdsa"), "scheme": .string("ecdsa-sha2-nistp256"),
                                    "keyval": object(["public": .string(f.publicPEM)])])
        }
        return object(["_type": .string("layout"), "expires": .string(expires), "readme": .string(""), "keys": .object(keys),
                       "steps": .array(steps), "inspect": .array([])])
    }

    /// A link for `step` with materials and products (path → sha256 hex).
    public static func link(_ step: String, materials: [String: String] = [:], products: [String: String] = [:]) -> JSONValue {
        func artifacts(_ map: [String: String]) -> JSONValue {
            var o = JSONObject()
            for path in map.keys.sorted() { o[path] = object(["sha256": .string(map[path]!)]) }
            return .object(o)
        }
        return object(["_type": .string("link"), "name": .string(step), "command": .array([]), "byproducts": .object(JSONObject()),
                       "environment": .object(JSONObject()), "materials": artifacts(materials), "products": artifacts(products)])
    }

    /// `{"signed": …, "signatures": [{"keyid", "sig"}]}` signed by `signer`.
    public static func metablock(_ signed: JSONValue, by signer: Signer) throws -> Data {
        try metablock(signed, by: [signer])
    }

    /// A Metablock with one signature per signer, in order.
    public static func metablock(_ signed: JSONValue, by signers: [Signer]) throws -> Data {
        let bytes = try CanonicalJSON.olpc(signed)
        let signatures = try signers.map { signer in
            object(["keyid": .string(signer.keyid), "sig": .string(Hex.encode(try signer.key.signature(for: bytes, scheme: .ecdsa(.sha256))))])
        }
        return CanonicalJSON.compact(object(["signed": signed, "signatures": .array(signatures)]))
    }

    private static func rules(_ rules: [[String]]) -> JSONValue { .array(rules.map { .array($0.map(JSONValue.string)) }) }

    private static func object(_ members: [String: JSONValue]) -> JSONValue {
        var o = JSONObject()
        for key in members.keys.sorted() { o[key] = members[key]! }
        return .object(o)
    }
}
