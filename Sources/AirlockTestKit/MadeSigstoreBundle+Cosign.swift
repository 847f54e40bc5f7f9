import Foundation
import AirlockCrypto
import AirlockFormats

extension MadeSigstoreBundle {
    /// TEST ONLY: the cosign tag-style layer annotations equivalent to this bundle (docs/formats.md §9.2):
    /// the base64 signature (empty for DSSE), the PEM certificate, the first Rekor v1 entry as the
    /// `dev.sigstore.cosign/bundle` SET payload, and the first RFC 3161 timestamp.
    public func cosignAnnotations(includeSignature: Bool = true) -> [String: String] {
        var out: [String: String] = [OCIAnnotation.cosignSignature: includeSignature ? Base64.encode(signature) : ""]
        if let leaf { out[OCIAnnotation.cosignCertificate] = leaf.pem }
        if let entry = parts.tlogEntries.first, let set = entry.signedEntryTimestamp {
            var payload = JSONObject()
            payload["body"] = .string(Base64.encode(entry.canonicalizedBody))
            payload["integratedTime"] = .number(JSONNumber(entry.integratedTime))
            payload["logIndex"] = .number(JSONNumber(entry.logIndex))
            payload["logID"] = .string(Hex.encode(entry.logID))
            var bundle = JSONObject()
            bundle["SignedEntryTimestamp"] = .string(Base64.encode(set))
            bundle["Payload"] = .object(payload)
            out[OCIAnnotation.cosignBundle] = String(decoding: CanonicalJSON.compact(.object(bundle)), as: UTF8.self)
        }
        if let timestamp = parts.rfc3161Timestamps.first {
            out[OCIAnnotation.cosignTimestamp] = "{\"SignedRFC3161Timestamp\":\"\(Base64.encode(timestamp))\"}"
        }
        return out
    }
}
