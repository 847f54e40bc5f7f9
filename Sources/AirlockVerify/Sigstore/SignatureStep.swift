import Foundation
import AirlockCrypto
import AirlockFormats

/// The artifact signature (docs/formats.md §0 step 5): a message signature over the artifact (with its
/// `messageDigest` cross-checked), or a DSSE signature over PAE whose in-toto statement names the
/// artifact among its subjects.
enum SignatureStep {

    static func run(_ context: SigningContext, limits: Limits) -> StepOutcome<InTotoStatement?> {
        if let envelope = context.envelope {
            return dsse(envelope, context, limits: limits)
        }
        return StepOutcome(checks: [message(context)], value: nil)
    }

    private static func message(_ context: SigningContext) -> CheckResult {
        let declared = context.messageDigest
        guard let scheme = messageScheme(for: context.key, digest: declared?.algorithm) else {
            return .fail(CheckID.signatureArtifact, "Ed25519 message signatures (Ed25519ph) are not supported by this build's OpenSSL")
        }
        let algorithm = schemeDigest(scheme)
        if let declared {
            guard let actual = context.artifactDigest(declared.algorithm) else {
                return .fail(CheckID.signatureArtifact, "provided artifact digest does not match the digest used for verification (the bundle uses \(declared.algorithm.rawValue))")
            }
            guard actual == declared.value else {
                return .fail(CheckID.signatureArtifact, "the artifact's \(declared.algorithm.rawValue) digest does not match the bundle's message digest")
            }
        }
        guard let digest = context.artifactDigest(algorithm) else {
            return .fail(CheckID.signatureArtifact, "provided artifact digest does not match the digest used for verification (the signature uses \(algorithm.rawValue))")
        }
        guard context.key.isValidSignature(context.signature, forDigest: digest, scheme: scheme) else {
            return .fail(CheckID.signatureArtifact, "signature over the artifact does not verify with the signing key")
        }
        return .pass(CheckID.signatureArtifact, "message signature over the artifact verified",
                     evidence: [Hex.encode(Digest.sha256(context.signature))])
    }

    private static func dsse(_ envelope: DSSEEnvelope, _ context: SigningContext, limits: Limits) -> StepOutcome<InTotoStatement?> {
        var checks: [CheckResult] = []
        guard context.key.isValidSignature(context.signature, for: envelope.pae(), scheme: context.key.defaultScheme) else {
            return StepOutcome(checks: [.fail(CheckID.signatureDSSE, "DSSE signature over the envelope does not verify with the signing key")], value: nil)
        }
        checks.append(.pass(CheckID.signatureDSSE, "DSSE signature verified (payload type \(envelope.payloadType))",
                            evidence: [Hex.encode(Digest.sha256(envelope.payload))]))
        guard envelope.payloadType == MediaType.inTotoPayload else {
            checks.append(.fail(CheckID.signatureSubject, "DSSE payload type \(envelope.payloadType) is not \(MediaType.inTotoPayload), so it cannot name the artifact"))
            return StepOutcome(checks: checks, value: nil)
        }
        let statement: InTotoStatement
        do {
            statement = try InTotoStatement.parse(envelope.payload, limits: limits)
        } catch {
            checks.append(.fail(CheckID.signatureSubject, "DSSE payload is not an in-toto statement: \(error)"))
            return StepOutcome(checks: checks, value: nil)
        }
        checks.append(subjectMatch(statement, context))
        return StepOutcome(checks: checks, value: statement)
    }

    private static func subjectMatch(_ statement: InTotoStatement, _ context: SigningContext) -> CheckResult {
        for subject in statement.subjects {
            for (name, hex) in subject.digest {
                guard let algorithm = DigestAlgorithm(rawValue: name), let expected = Hex.decode(hex),
                      let actual = context.artifactDigest(algorithm) else { continue }
                if actual == expected {
                    return .pass(CheckID.signatureSubject, "artifact is subject \(subject.name ?? "(unnamed)") (\(name):\(hex.prefix(16))…)")
                }
            }
        }
        return .fail(CheckID.signatureSubject, "provided artifact digest does not match any subject digest in the DSSE statement")
    }

    private static func schemeDigest(_ scheme: SignatureScheme) -> DigestAlgorithm {
        switch scheme {
        case .ecdsa(let d), .rsaPKCS1v15(let d), .rsaPSS(let d): return d
        case .ed25519: return .sha512
        }
    }
}
