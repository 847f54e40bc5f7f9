public import Foundation
public import AirlockFormats
import AirlockCrypto

/// A Statement signed by the appliance: the DSSE envelope and the same envelope as a Sigstore
/// bundle v0.3 whose `publicKey.hint` is the key id, with their file bytes.
public struct SignedStatement: Sendable {
    /// The Statement that was signed.
    public var statement: InTotoStatement
    /// The signed envelope (one signature, `keyid` = the appliance key id).
    public var envelope: DSSEEnvelope
    /// The envelope file bytes (`*.intoto.json`, the OCI attestation layer).
    public var envelopeJSON: Data
    /// The bundle file bytes (`*.sigstore.json`, the OCI referrer layer).
    public var bundleJSON: Data
}

/// Signs Statements with the appliance's current key: DSSE over PAE (docs/formats.md §7.1), ECDSA P-256
/// signatures DER-encoded over SHA-256, Ed25519 pure.
public struct ApprovalSigner: Sendable {
    /// The key id (hex SHA-256 of the SPKI DER).
    public let keyID: String
    private let key: PrivateKey

    /// A signer over the current key of the state directory's key ring.
    public init(keys: ApplianceKeys) throws(ApplianceError) {
        let current = try keys.signingKey()
        self.key = current.key
        self.keyID = current.info.id
    }

    /// Signs `statement` as an in-toto DSSE envelope and wraps it as a Sigstore bundle.
    public func sign(_ statement: InTotoStatement) throws(ApplianceError) -> SignedStatement {
        let payload = statement.encoded()
        let pae = DSSEEnvelope.pae(type: MediaType.inTotoPayload, body: payload)
        let signature: Data
        do {
            signature = try key.signature(for: pae)
        } catch {
            throw ApplianceError(.internalError, "signing failed: \(error)")
        }
        let envelope = DSSEEnvelope(payload: payload, payloadType: MediaType.inTotoPayload,
                                    signatures: [DSSESignature(sig: signature, keyid: keyID)])
        let bundle: Data
        do {
            bundle = try SigstoreBundle.publicKeyDSSE(envelope, keyHint: keyID).encodedPublicKeyDSSE()
        } catch {
            throw ApplianceError(.internalError, "bundle encoding failed: \(error)")
        }
        return SignedStatement(statement: statement, envelope: envelope, envelopeJSON: envelope.encoded(), bundleJSON: bundle)
    }
}
