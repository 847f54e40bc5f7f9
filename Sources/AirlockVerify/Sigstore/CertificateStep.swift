import Foundation
import AirlockCrypto
import AirlockFormats

/// The Fulcio leaf at every verified time (formats.md §5.1): it must chain to a trusted CA whose
/// validity covers that time, every certificate in the path valid then, with the code-signing EKU;
/// then its embedded SCTs must verify against trusted CT logs (§5.4).
enum CertificateStep {
    static func chain(leaf: Certificate, times: [VerifiedTime], trust: TrustMaterial) -> (checks: [CheckResult], path: [Certificate]?) {
        guard !times.isEmpty else {
            return ([.fail("certificate.chain", "no verified time to check the certificate at")], nil)
        }
        guard !trust.certificateAuthorities.isEmpty else {
            return ([.fail("certificate.chain", "the trust root has no certificate authorities")], nil)
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
                checks.append(.pass("certificate.chain", "certificate chains to \(path.last?.subject ?? "?") at \(time.time) (\(time.source.rawValue))",
                                    evidence: path.map { Hex.encode(Digest.sha256($0.der)) }))
            } else {
                checks.append(.fail("certificate.chain", "certificate does not chain to a trusted CA at \(time.time) (\(time.source.rawValue)): \(reasons.joined(separator: "; "))"))
            }
        }
        return (checks, checks.allHeld ? firstPath : nil)
    }

    static let codeSigning = "1.3.6.1.5.5.7.3.3"
    static let anyExtendedKeyUsage = "2.5.29.37.0"

    /// The certificates above the issuing one must be valid at `time` and must not forbid code signing.
    static func chainProblem(_ certificates: ArraySlice<Certificate>, at time: Date) -> String? {
        for certificate in certificates {
            guard certificate.isValid(at: time) else {
                return "CA certificate \(certificate.subject) is not valid at \(time)"
            }
            if let usages = certificate.extendedKeyUsages, !usages.contains(codeSigning), !usages.contains(anyExtendedKeyUsage) {
                return "CA certificate \(certificate.subject) does not allow code signing"
            }
        }
        return nil
    }

    static func sct(leaf: Certificate, path: [Certificate]?, trust: TrustMaterial, threshold: Int) -> CheckResult {
        guard threshold > 0 else {
            return .skip("certificate.sct", "no SCT required by the trust root or options")
        }
        guard let path, path.count >= 2 else {
            return .fail("certificate.sct", "no verified issuer to check SCTs against")
        }
        let scts: [SignedCertificateTimestamp]
        do {
            scts = try leaf.embeddedSCTs()
        } catch {
            return .fail("certificate.sct", "embedded SCTs do not parse: \(error)")
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
            return .fail("certificate.sct", "\(verifiedLogs.count) of \(threshold) required SCTs verified\(detail)")
        }
        return .pass("certificate.sct", "\(verifiedLogs.count) SCT(s) verified against trusted CT logs\(detail)",
                     evidence: verifiedLogs.sorted())
    }
}
