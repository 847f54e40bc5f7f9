import Foundation
import AirlockCrypto
import AirlockFormats

/// One Rekor v2 entry (docs/formats.md §4): only `hashedrekord/0.0.2`; the inclusion proof and its
/// checkpoint are mandatory; the leaf is rebuilt from the bundle so the log commits to this
/// bundle's digest, signature and key; `integratedTime` is ignored (time must come from a TSA).
enum RekorV2Entry {
    static func verify(
        _ entry: TransparencyLogEntry, log: TrustedLog, context: SigningContext, label: String, limits: Limits
    ) -> EntryResult {
        var result = EntryResult(checks: [], value: nil)
        guard entry.kind == "hashedrekord" else {
            result.checks.append(.fail(CheckID.tlogBody, "\(label): unsupported Rekor v2 entry type \(entry.kind):\(entry.version)"))
            return result
        }
        // Rekor v2 logs are not sharded: no virtual index, so the proof is for the entry's own index
        // (docs/decisions.md "Strict bundle versions and log indexes").
        guard context.bundle.version >= .v0_2 else {
            result.checks.append(.fail(CheckID.tlogEntries, "\(label): a v\(context.bundle.version.rawValue) bundle cannot carry a Rekor v2 entry (v0.1 predates Rekor v2 and relies on a signed entry timestamp Rekor v2 never issues)"))
            return result
        }
        guard let proof = entry.inclusionProof else {
            result.checks.append(.fail(CheckID.tlogInclusion, "\(label): a Rekor v2 entry needs an inclusion proof"))
            return result
        }
        guard proof.logIndex == entry.logIndex else {
            result.checks.append(.fail(CheckID.tlogInclusion, "\(label): inclusion proof is for log index \(proof.logIndex), not the entry's \(entry.logIndex) (Rekor v2 has no virtual index)"))
            return result
        }
        let leaf: Data
        switch rebuildLeaf(context) {
        case .success(let bytes): leaf = bytes
        case .failure(let failure):
            result.checks.append(.fail(CheckID.tlogBody, "\(label): \(failure.reason)"))
            return result
        }
        if leaf != entry.canonicalizedBody {
            result.checks.append(.fail(CheckID.tlogBody, "\(label): transparency log entry is inconsistent with the bundle (rebuilt leaf differs from the logged body)"))
        } else {
            result.checks.append(.pass(CheckID.tlogBody, "\(label): rebuilt hashedrekord leaf equals the logged body"))
        }
        let inclusion = verifyInclusionAndCheckpoint(
            leaf: leaf, index: entry.logIndex, proof: proof, log: log, label: label, limits: limits,
            checkpointIsAuthoritative: true)
        result.checks.append(inclusion.check)
        guard result.held else { return result }
        result.value = VerifiedLogEntry(
            logID: log.logIDHex, logURL: log.instance.baseURL, logIndex: entry.logIndex,
            kindVersion: "\(entry.kind)/\(entry.version)", integratedTime: nil,
            inclusionProven: true, promiseVerified: false, checkpoint: inclusion.checkpoint)
        return result
    }

    struct Failure: Error { let reason: String }

    /// The canonical hashedrekord v0.0.2 body this bundle must have been logged as (§4.2, §4.3).
    static func rebuildLeaf(_ context: SigningContext) -> Result<Data, Failure> {
        guard let keyDetails = rekorKeyDetails(for: context.key) else {
            return .failure(Failure(reason: "the signing key type cannot be logged in Rekor v2"))
        }
        let algorithm: DigestAlgorithm
        let digest: Data
        if let envelope = context.envelope {
            algorithm = prehashAlgorithm(for: context.key)
            digest = Digest.hash(envelope.pae(), using: algorithm)
        } else if let message = context.messageDigest {
            algorithm = message.algorithm
            digest = message.value
        } else {
            algorithm = prehashAlgorithm(for: context.key)
            guard let value = context.artifactDigest(algorithm) else {
                return .failure(Failure(reason: "the artifact digest is not \(algorithm.rawValue), which the log entry needs"))
            }
            digest = value
        }
        let verifier: HashedRekordV002.Verifier = context.leaf.map { .x509Certificate($0.der) } ?? .publicKey(context.key.spkiDER)
        let body = RekorBody.canonicalHashedRekordV002(
            digestAlgorithm: protoDigestName(algorithm), digest: digest, signature: context.signature,
            keyDetails: keyDetails, verifier: verifier)
        return .success(body)
    }

    private static func protoDigestName(_ algorithm: DigestAlgorithm) -> String {
        switch algorithm {
        case .sha256: return "SHA2_256"
        case .sha384: return "SHA2_384"
        case .sha512: return "SHA2_512"
        }
    }
}
