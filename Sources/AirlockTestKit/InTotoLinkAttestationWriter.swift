public import AirlockFormats
public import Foundation
import AirlockCrypto

extension InTotoWriter {
    /// An in-toto link attestation (predicate `https://in-toto.io/attestation/link/v0.3`) in a DSSE envelope
    /// signed by `signer` (key id = the in-toto key id): `products` become the Statement's subjects and
    /// `materials` the predicate's ResourceDescriptors (path → sha256 hex).
    public static func linkAttestation(_ step: String, materials: [String: String] = [:], products: [String: String],
                                       by signer: Signer, command: [String] = []) throws -> Data {
        func descriptors(_ map: [String: String]) -> JSONValue {
            .array(map.keys.sorted().map { path in
                .object(JSONObject(["name": .string(path), "digest": .object(JSONObject(["sha256": .string(map[path]!)]))]))
            })
        }
        var predicate = JSONObject()
        predicate["name"] = .string(step)
        predicate["command"] = .array(command.map(JSONValue.string))
        predicate["materials"] = descriptors(materials)
        predicate["byproducts"] = .object(JSONObject())
        predicate["environment"] = .object(JSONObject())
        var statement = JSONObject()
        statement["_type"] = .string(PredicateType.statementV1)
        statement["subject"] = descriptors(products)
        statement["predicateType"] = .string(PredicateType.inTotoLinkV03)
        statement["predicate"] = .object(predicate)
        let payload = CanonicalJSON.compact(.object(statement))
        let pae = DSSE.pae(payloadType: MediaType.inTotoPayload, payload: payload)
        let signature = try signer.key.signature(for: pae, scheme: .ecdsa(.sha256))
        return DSSEEnvelope(payload: payload, payloadType: MediaType.inTotoPayload,
                            signatures: [DSSESignature(sig: signature, keyid: signer.keyid)]).encoded()
    }

    /// A layout (`layout(…)`) in a DSSE envelope (ITE-5), one signature per signer.
    public static func dsseLayout(_ layout: JSONValue, by signers: [Signer]) throws -> Data {
        let payload = CanonicalJSON.compact(layout)
        let pae = DSSE.pae(payloadType: MediaType.inTotoPayload, payload: payload)
        let signatures = try signers.map { DSSESignature(sig: try $0.key.signature(for: pae, scheme: .ecdsa(.sha256)), keyid: $0.keyid) }
        return DSSEEnvelope(payload: payload, payloadType: MediaType.inTotoPayload, signatures: signatures).encoded()
    }
}
