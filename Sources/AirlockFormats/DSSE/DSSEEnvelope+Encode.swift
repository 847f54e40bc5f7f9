public import Foundation

extension DSSEEnvelope {
    /// The envelope as JSON: `payloadType`, `payload` (standard base64), `signatures[{keyid, sig}]`
    /// (an absent key id is omitted).
    public var jsonValue: JSONValue {
        var o = JSONObject()
        o["payloadType"] = .string(payloadType)
        o["payload"] = .string(Base64.encode(payload))
        o["signatures"] = .array(signatures.map { signature in
            var s = JSONObject()
            if let keyid = signature.keyid { s["keyid"] = .string(keyid) }
            s["sig"] = .string(Base64.encode(signature.sig))
            return .object(s)
        })
        return .object(o)
    }

    /// The envelope file bytes (compact JSON), as stored in `.intoto.json` files and OCI layers.
    public func encoded() -> Data {
        CanonicalJSON.compact(jsonValue)
    }
}
