import Foundation
import AirlockCrypto
import AirlockFormats

/// RFC 3161 timestamps over the signature (docs/formats.md §6): a token counts only when it verifies
/// against a trusted timestamping authority at its own genTime, within that authority's validity.
/// As in sigstore-go and sigstore-python, a token that does not verify (unknown TSA, imprint over
/// other data) is reported and ignored, and the thresholds decide; a malformed or duplicated token
/// fails the verification, so one token can never count twice.
enum TimestampStep {
    static func run(_ context: SigningContext, trust: TrustMaterial) -> StepOutcome<[VerifiedTime]> {
        var checks: [CheckResult] = []
        var times: [VerifiedTime] = []
        var seen = Set<Data>()
        for (index, der) in context.bundle.verificationMaterial.rfc3161Timestamps.enumerated() {
            let label = "timestamp \(index)"
            guard seen.insert(der).inserted else {
                checks.append(.fail(CheckID.timestampRFC3161, "\(label) is a duplicate of an earlier timestamp"))
                continue
            }
            let response: TimestampResponse
            do {
                response = try TimestampResponse(der: der)
            } catch {
                checks.append(.fail(CheckID.timestampRFC3161, "\(label) does not parse: \(error)"))
                continue
            }
            guard !trust.timestampAuthorities.isEmpty else {
                checks.append(.skip(CheckID.timestampRFC3161, "\(label) ignored: the trust root has no timestamp authorities"))
                continue
            }
            var reasons: [String] = []
            var verified: (Date, TrustedAuthority)?
            for authority in trust.timestampAuthorities {
                // The chain's own links were verified when the trust material was built, so every chain
                // certificate anchors; each must still be valid at genTime.
                switch response.verify(
                    signedData: context.signature, anchors: authority.chain,
                    intermediates: [], expectedSigner: authority.timestampLeaf) {
                case .success(let time):
                    if !authority.authority.validFor.contains(time) {
                        reasons.append("\(authority.authority.uri): genTime \(time) outside the authority's validity")
                    } else if let expired = authority.chain.first(where: { !$0.isValid(at: time) }) {
                        reasons.append("\(authority.authority.uri): \(expired.subject) not valid at genTime \(time)")
                    } else {
                        verified = (time, authority)
                    }
                case .failure(let error):
                    reasons.append("\(authority.authority.uri): \(error.reason)")
                }
                if verified != nil { break }
            }
            if let (time, authority) = verified {
                times.append(VerifiedTime(time: time, source: .timestampAuthority, authority: authority.authority.uri))
                checks.append(.pass(CheckID.timestampRFC3161, "\(label): signed by \(authority.authority.uri) at \(time)",
                                    evidence: [Hex.encode(Digest.sha256(der))]))
            } else {
                checks.append(.skip(CheckID.timestampRFC3161, "\(label) ignored: not verifiable against any trusted timestamp authority (\(reasons.joined(separator: "; ")))"))
            }
        }
        return StepOutcome(checks: checks, value: times)
    }
}
