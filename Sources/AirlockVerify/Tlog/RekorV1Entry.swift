import Foundation
import AirlockCrypto
import AirlockFormats

/// One Rekor v1 entry: body kind, version rules, SET, inclusion proof with checkpoint, body match,
/// and the certificate's validity at the integrated time (docs/formats.md §3).
enum RekorV1Entry {
    static func verify(
        _ entry: TransparencyLogEntry, log: TrustedLog, context: SigningContext, label: String, limits: Limits
    ) -> EntryResult {
        var result = EntryResult(checks: [], value: nil)
        let body: RekorBody
        do {
            body = try RekorBody.parse(entry.canonicalizedBody, limits: limits)
        } catch {
            result.checks.append(.fail(CheckID.tlogBody, "\(label): log body does not parse: \(error)"))
            return result
        }
        guard body.kind == entry.kind, body.apiVersion == entry.version else {
            result.checks.append(.fail(CheckID.tlogBody, "\(label): kindVersion \(entry.kind)/\(entry.version) differs from the body's \(body.kind)/\(body.apiVersion)"))
            return result
        }
        let version = context.bundle.version
        if version == .v0_1, entry.signedEntryTimestamp == nil {
            result.checks.append(.fail(CheckID.tlogPromise, "\(label): a v0.1 bundle entry needs a signed entry timestamp"))
        }
        if version >= .v0_2, entry.inclusionProof == nil {
            result.checks.append(.fail(CheckID.tlogInclusion, "\(label): a v\(version.rawValue) bundle entry needs an inclusion proof"))
        }
        var integratedTime: Date?
        if let set = entry.signedEntryTimestamp {
            let time = Date(timeIntervalSince1970: TimeInterval(entry.integratedTime))
            if !log.instance.publicKey.validFor.contains(time) {
                result.checks.append(.fail(CheckID.tlogPromise, "\(label): integrated time \(time) is outside the log key's validity"))
            } else if SignedEntryTimestamp.isValid(set, body: entry.canonicalizedBody, integratedTime: entry.integratedTime,
                                                   logIndex: entry.logIndex, log: log) {
                integratedTime = time
                result.checks.append(.pass(CheckID.tlogPromise, "\(label): signed entry timestamp verified (integrated \(time))",
                                           evidence: [log.logIDHex]))
            } else {
                result.checks.append(.fail(CheckID.tlogPromise, "\(label): signed entry timestamp does not verify with the log key"))
            }
        }
        var checkpoint: VerifiedCheckpoint?
        if let proof = entry.inclusionProof {
            let inclusion = verifyInclusionAndCheckpoint(
                leaf: entry.canonicalizedBody, index: entry.logIndex, proof: proof, log: log, label: label,
                limits: limits, checkpointIsAuthoritative: false)
            result.checks.append(inclusion.check)
            checkpoint = inclusion.checkpoint
        }
        if let reason = RekorBodyMatch.mismatch(body, context) {
            result.checks.append(.fail(CheckID.tlogBody, "\(label): transparency log entry is inconsistent with the bundle: \(reason)"))
        } else {
            result.checks.append(.pass(CheckID.tlogBody, "\(label): log body matches the bundle's signature, key and artifact"))
        }
        if let time = integratedTime, let leaf = context.leaf, !leaf.isValid(at: time) {
            result.checks.append(.fail(CheckID.tlogTime, "\(label): certificate was not valid at the integrated time \(time)"))
        }
        guard result.held else { return result }
        result.value = VerifiedLogEntry(
            logID: log.logIDHex, logURL: log.instance.baseURL, logIndex: entry.logIndex,
            kindVersion: "\(entry.kind)/\(entry.version)", integratedTime: integratedTime,
            inclusionProven: entry.inclusionProof != nil, promiseVerified: integratedTime != nil, checkpoint: checkpoint)
        return result
    }
}
