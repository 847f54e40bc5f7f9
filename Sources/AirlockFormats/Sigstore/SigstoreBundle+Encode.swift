public import Foundation

extension SigstoreBundle {

    /// A v0.3 bundle for a DSSE envelope signed by a managed key: `verificationMaterial.publicKey.hint`
    /// names the key (an unauthenticated selector; the verifier brings the key), with no log entries or
    /// timestamps, as `cosign attest --key … --tlog-upload=false` produces.
    public static func publicKeyDSSE(_ envelope: DSSEEnvelope, keyHint: String) -> SigstoreBundle {
        SigstoreBundle(mediaType: MediaType.sigstoreBundleV03, version: .v0_3,
                       verificationMaterial: VerificationMaterial(content: .publicKey(hint: keyHint), tlogEntries: [], rfc3161Timestamps: []),
                       content: .dsseEnvelope(envelope))
    }

    /// Encodes a public-key DSSE bundle as protojson (lowerCamelCase members). Throws `invalidField` for
    /// bundles this encoder does not write (certificates, log entries, timestamps, message signatures):
    /// Airlock only ever emits bundles signed by its own key.
    public func encodedPublicKeyDSSE() throws -> Data {
        guard case .publicKey(let hint) = verificationMaterial.content,
              verificationMaterial.tlogEntries.isEmpty, verificationMaterial.rfc3161Timestamps.isEmpty,
              case .dsseEnvelope(let envelope) = content
        else {
            throw FormatError(.invalidField, "only public-key DSSE bundles without log entries or timestamps can be encoded")
        }
        var material = JSONObject()
        material["publicKey"] = .object(JSONObject(["hint": .string(hint)]))
        var o = JSONObject()
        o["mediaType"] = .string(mediaType)
        o["verificationMaterial"] = .object(material)
        o["dsseEnvelope"] = envelope.jsonValue
        return CanonicalJSON.compact(.object(o))
    }
}
