public import Foundation
import AirlockCrypto
import AirlockFormats

extension MiniSigstore {
    /// The DSSE bundle `made` with its statement replaced by `payload` after signing: the DSSE
    /// signature, certificate and RFC 3161 timestamps are left as they are, and a new Rekor v1 entry
    /// records the altered envelope (as an attacker who logs the altered envelope would), so the log
    /// entry, times and chain all verify and only `signature.dsse` fails. Without the new entry the
    /// old one would no longer match the payload and `tlog.body` would fail first.
    public mutating func alteringDSSEPayload(of made: MadeSigstoreBundle, to payload: Data, options: SigstoreBundleOptions = SigstoreBundleOptions()) throws -> MadeSigstoreBundle {
        guard case .dsse(let type, _, let signatures) = made.parts.content else {
            throw FormatError(.invalidField, "not a DSSE bundle", field: "dsseEnvelope")
        }
        var altered = made
        altered.parts.content = .dsse(payloadType: type, payload: payload, signatures: signatures)
        let verifierPEM = made.leaf?.pem ?? made.signingKey.publicKey.pem
        let (kind, version, body) = v1Body(altered.parts, verifierPEM: verifierPEM, dsseKind: options.dsseKind)
        altered.parts.tlogEntries = [try logV1(body: body, kind: kind, version: version, integratedTime: made.signingTime, options: options)]
        return altered
    }
}
