import Foundation
import AirlockCrypto
import AirlockFormats

/// Resolves who signed and what signature to check, applying the bundle's material rules
/// (docs/formats.md §1.4): one DSSE signature exactly; a non-empty certificate chain whose first
/// certificate is the leaf (intermediates always come from the trust root, never the bundle); a
/// key hint only with a managed key.
enum SigningMaterialStep {
    static func resolve(_ bundle: SigstoreBundle, artifact: ArtifactInput, policy: VerificationPolicy)
        -> StepOutcome<SigningContext?> {
        let signature: Data
        var envelope: DSSEEnvelope?
        switch bundle.content {
        case .messageSignature(let message):
            signature = message.signature
        case .dsseEnvelope(let dsse):
            guard dsse.signatures.count == 1 else {
                return StepOutcome(checks: [.fail(CheckID.bundleMaterial, "DSSE envelope has \(dsse.signatures.count) signatures; a Sigstore bundle must have exactly one")], value: nil)
            }
            signature = dsse.signatures[0].sig
            envelope = dsse
        }
        if bundle.version < .v0_3, case .certificate = bundle.verificationMaterial.content {
            // A single `certificate` exists only from v0.3 on: an older media type on it is a relabelled
            // bundle (e.g. to escape v0.2+'s inclusion-proof rule), refused (docs/decisions.md).
            return StepOutcome(checks: [.fail(CheckID.bundleMaterial, "media type claims bundle v\(bundle.version.rawValue) but the material is a v0.3 single certificate")], value: nil)
        }
        let leaf: Certificate?
        let key: PublicKey
        switch policy.signer {
        case .key(let managed):
            guard case .publicKey = bundle.verificationMaterial.content else {
                return StepOutcome(checks: [.fail(CheckID.bundleMaterial, "bundle carries a certificate but a managed key was given")], value: nil)
            }
            leaf = nil
            key = managed.publicKey
        case .certificate:
            let der: Data?
            switch bundle.verificationMaterial.content {
            case .certificate(let single): der = single
            case .x509CertificateChain(let chain): der = chain.first
            case .publicKey:
                return StepOutcome(checks: [.fail(CheckID.bundleMaterial, "bundle is signed with a managed key but a certificate identity was required; pass --key")], value: nil)
            }
            guard let der else {
                return StepOutcome(checks: [.fail(CheckID.bundleMaterial, "expected a non-empty certificate chain in the bundle")], value: nil)
            }
            do {
                let certificate = try Certificate(der: der)
                leaf = certificate
                key = certificate.publicKey
            } catch {
                return StepOutcome(checks: [.fail(CheckID.bundleMaterial, "signing certificate does not parse: \(error)")], value: nil)
            }
        }
        let context = SigningContext(bundle: bundle, artifact: artifact, key: key, leaf: leaf, signature: signature, envelope: envelope)
        let what = leaf.map { "certificate \($0.subject.isEmpty ? "(empty subject)" : $0.subject)" } ?? "managed key"
        return StepOutcome(checks: [.pass(CheckID.bundleMaterial, "bundle v\(bundle.version.rawValue) signed with a \(what)",
                                          evidence: [context.signerFingerprint])], value: context)
    }
}
