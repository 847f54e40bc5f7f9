import Foundation
import AirlockCrypto
import AirlockFormats

/// The Fulcio leaf at every verified time (docs/formats.md §5.1): it must chain to a trusted CA whose
/// validity covers that time, every certificate in the path valid then, with the code-signing EKU;
/// then its embedded SCTs must verify against trusted CT logs (§5.4).
enum CertificateStep {
    static func chain(leaf: Certificate, times: [VerifiedTime], trust: TrustMaterial) -> StepOutcome<[Certificate]?> {
        guard !times.isEmpty else {
            return StepOutcome(checks: [.fail(CheckID.certificateChain, "no verified time to check the certificate at")], value: nil)
        }
        guard !trust.certificateAuthorities.isEmpty else {
            return StepOutcome(checks: [.fail(CheckID.certificateChain, "the trust root has no certificate authorities")], value: nil)
        }
        var checks: [CheckResult] = []
        var firstPath: [Certificate]?
        for time in times {
            var reasons: [String] = []
            var path: [Certificate]?
            for authority in trust.certificateAuthorities {
                guard authority.authority.validFor.contains(time.time) else {
                    reasons.append("\(authority.authority.uri) not valid at \(time.time)")
                    continue
                }
                switch authority.pool.validate(leaf, at: time.time, usage: .codeSigning) {
                case .success(let found):
                    // The path ends at the chain certificate that issued the leaf; the rest of the
                    // chain above it must hold at this time too.
                    let issuerIndex = found.last.flatMap { authority.chain.firstIndex(of: $0) } ?? 0
                    let above = authority.chain[(issuerIndex + 1)...]
                    if let problem = chainProblem(above, at: time.time) {
                        reasons.append(problem)
                    } else {
                        path = found + above
                    }
                case .failure(let error): reasons.append(error.reason)
                }
                if path != nil { break }
            }
            if let path {
                firstPath = firstPath ?? path
                checks.append(.pass(CheckID.certificateChain, "certificate chains to \(path.last?.subject ?? "?") at \(time.time) (\(time.source.rawValue))",
                                    evidence: path.map { Hex.encode(Digest.sha256($0.der)) }))
            } else {
                checks.append(.fail(CheckID.certificateChain, "certificate does not chain to a trusted CA at \(time.time) (\(time.source.rawValue)): \(reasons.joined(separator: "; "))"))
            }
        }
        return StepOutcome(checks: checks, value: checks.allHeld ? firstPath : nil)
    }

    /// The certificates above the issuing one must be valid at `time` and must not forbid code signing.
    static func chainProblem(_ certificates: ArraySlice<Certificate>, at time: Date) -> String? {
        for certificate in certificates {
            guard certificate.isValid(at: time) else {
                return "CA certificate \(certificate.subject) is not valid at \(time)"
            }
            if !ExtendedKeyUsage.allows(ExtendedKeyUsage.codeSigning, certificate) {
                return "CA certificate \(certificate.subject) does not allow code signing"
            }
        }
        return nil
    }

    static func sct(leaf: Certificate, path: [Certificate]?, trust: TrustMaterial, threshold: Int) -> CheckResult {
        guard threshold > 0 else {
            return .skip(CheckID.certificateSCT, "no SCT required by the trust root or options")
        }
        guard let path, path.count >= 2 else {
            return .fail(CheckID.certificateSCT, "no verified issuer to check SCTs against")
        }
        let scts: [SignedCertificateTimestamp]
        do {
            scts = try leaf.embeddedSCTs()
        } catch {
            return .fail(CheckID.certificateSCT, "embedded SCTs do not parse: \(error)")
        }
        var verifiedLogs = Set<String>()
        var notes: [String] = []
        for sct in scts {
            let id = Hex.encode(sct.logID)
            guard let log = trust.ctlogs[id] else {
                notes.append("SCT from unknown log \(id.prefix(8))")
                continue
            }
            let time = Date(timeIntervalSince1970: TimeInterval(sct.timestamp) / 1000)
            guard log.instance.publicKey.validFor.contains(time) else {
                notes.append("SCT from \(log.instance.baseURL) outside the log's validity")
                continue
            }
            if sct.verify(leaf: leaf, issuer: path[1], logKey: log.key) {
                verifiedLogs.insert(id)
            } else {
                notes.append("SCT from \(log.instance.baseURL) does not verify")
            }
        }
        let detail = notes.isEmpty ? "" : " (\(notes.joined(separator: "; ")))"
        guard verifiedLogs.count >= threshold else {
            return .fail(CheckID.certificateSCT, "\(verifiedLogs.count) of \(threshold) required SCTs verified\(detail)")
        }
        return .pass(CheckID.certificateSCT, "\(verifiedLogs.count) SCT(s) verified against trusted CT logs\(detail)",
                     evidence: verifiedLogs.sorted())
    }
}
