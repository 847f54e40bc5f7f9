import Foundation
import AirlockCrypto
import AirlockFormats

/// RFC 3161 timestamps over the signature (formats.md §6): each token must verify against a
/// trusted timestamping authority at its own genTime, within that authority's validity; duplicate
/// tokens are rejected so one token cannot count twice.
enum TimestampStep {
    static func run(_ context: SigningContext, trust: TrustMaterial) -> (checks: [CheckResult], times: [VerifiedTime]) {
        var checks: [CheckResult] = []
        var times: [VerifiedTime] = []
        var seen = Set<Data>()
        for (index, der) in context.bundle.verificationMaterial.rfc3161Timestamps.enumerated() {
            let label = "timestamp \(index)"
            guard seen.insert(der).inserted else {
                checks.append(.fail("timestamp.rfc3161", "\(label) is a duplicate of an earlier timestamp"))
                continue
            }
            let response: TimestampResponse
            do {
                response = try TimestampResponse(der: der)
            } catch {
                checks.append(.fail("timestamp.rfc3161", "\(label) does not parse: \(error)"))
                continue
            }
            guard !trust.timestampAuthorities.isEmpty else {
                checks.append(.fail("timestamp.rfc3161", "\(label): the trust root has no timestamp authorities"))
                continue
            }
            var reasons: [String] = []
            var verified: (Date, TrustedAuthority)?
            for authority in trust.timestampAuthorities {
                switch response.verify(
                    signedData: context.signature, anchors: [authority.chain.last!],
                    intermediates: authority.intermediates, expectedSigner: authority.timestampLeaf) {
                case .success(let time):
                    if authority.authority.validFor.contains(time) {
                        verified = (time, authority)
                    } else {
                        reasons.append("\(authority.authority.uri): genTime \(time) outside the authority's validity")
                    }
                case .failure(let error):
                    reasons.append("\(authority.authority.uri): \(error.reason)")
                }
                if verified != nil { break }
            }
            if let (time, authority) = verified {
                times.append(VerifiedTime(time: time, source: .timestampAuthority, authority: authority.authority.uri))
                checks.append(.pass("timestamp.rfc3161", "\(label): signed by \(authority.authority.uri) at \(time)",
                                    evidence: [Hex.encode(Digest.sha256(der))]))
            } else {
                checks.append(.fail("timestamp.rfc3161", "\(label) is not verifiable against any trusted timestamp authority (\(reasons.joined(separator: "; ")))"))
            }
        }
        return (checks, times)
    }
}
