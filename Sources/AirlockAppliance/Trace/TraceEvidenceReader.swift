import Foundation
import AirlockCrypto
import AirlockFormats
import AirlockStore

/// Reads what one evidence record says about its signer and statement, for `airlock trace`. It reports;
/// it never decides: the identities here are as the evidence states them, and each is shown beside the
/// latest verdict's identity check, which is what was verified.
struct TraceEvidenceReader {
    let limits: Limits

    /// What one record yields: a signature (when it carries one) and its in-toto statement (when it has one).
    struct Reading {
        var signature: TraceSignature?
        var statement: InTotoStatement?
    }

    /// Reads `record` whose blob is `content`; `identityChecks` maps a 12-hex evidence prefix to the latest
    /// verdict's identity check line.
    func read(_ record: EvidenceRecord, content: Data, identityChecks: [String: String]) -> Reading {
        var signature = TraceSignature(evidence: record.sha256, kind: record.kind.rawValue, bundleId: record.bundleID,
                                       predicateType: record.predicateType, san: [], issuer: nil, keyId: nil, logEntries: [],
                                       verifiedIdentity: identityChecks[String(record.sha256.prefix(12))], problem: nil)
        var envelope: DSSEEnvelope?
        var signed = false
        if let bundle = try? SigstoreBundle.parse(content, limits: limits) {
            signed = true
            switch bundle.verificationMaterial.content {
            case .publicKey(let hint): signature.keyId = hint.isEmpty ? nil : hint
            default: identify(bundle.verificationMaterial.content.leafCertificate, into: &signature)
            }
            signature.logEntries = bundle.verificationMaterial.tlogEntries.map {
                TraceLogEntry(logIndex: $0.logIndex, integratedTime: $0.integratedTime > 0
                              ? RFC3339.format(Date(timeIntervalSince1970: TimeInterval($0.integratedTime))) : nil)
            }
            signature.timestamps = bundle.verificationMaterial.rfc3161Timestamps.map(Self.timestamp)
            if case .dsseEnvelope(let dsse) = bundle.content { envelope = dsse }
        } else if let dsse = try? DSSEEnvelope.parse(content, limits: limits) {
            envelope = dsse
            signed = !dsse.signatures.isEmpty
            signature.keyId = dsse.signatures.compactMap(\.keyid).first { !$0.isEmpty }
        }
        if let pem = record.annotations[OCIAnnotation.cosignCertificate] {
            signed = true
            identify((try? Certificate.parsePEM(pem))?.first?.der, into: &signature)
        }
        if let rekor = record.annotations[OCIAnnotation.cosignBundle], let entry = Self.cosignLogEntry(rekor) {
            signature.logEntries.append(entry)
        }
        var statement: InTotoStatement?
        if let envelope {
            do {
                statement = try InTotoStatement.parse(envelope.payload, limits: limits)
                signature.predicateType = statement?.predicateType
            } catch {
                signature.problem = "the DSSE payload is not an in-toto statement: \(error)"
            }
        }
        return Reading(signature: signed || signature.verifiedIdentity != nil ? signature : nil, statement: statement)
    }

    /// The SANs and Fulcio issuer of a DER certificate; a certificate that does not parse is noted.
    private func identify(_ der: Data?, into signature: inout TraceSignature) {
        guard let der else { return }
        do {
            let certificate = try Certificate(der: der)
            signature.san = certificate.subjectAlternativeNames.compactMap(Self.text)
            signature.issuer = certificate.fulcioExtensions.issuer
        } catch {
            signature.problem = "the signing certificate does not parse: \(error)"
        }
    }

    private static func text(_ name: SubjectAlternativeName) -> String? {
        switch name {
        case .uri(let value), .email(let value), .dns(let value): value
        case .otherName(_, let value): value.isEmpty ? nil : value
        case .other: nil
        }
    }

    /// What one DER RFC 3161 response states: its time, authority (embedded certificate subject) and serial.
    static func timestamp(_ der: Data) -> TraceTimestamp {
        do {
            let response = try TimestampResponse(der: der)
            return TraceTimestamp(time: RFC3339.format(response.genTime), authority: response.embeddedCertificates.first?.subject,
                                  serial: response.serialNumberHex, problem: nil)
        } catch {
            return TraceTimestamp(time: nil, authority: nil, serial: nil, problem: "the RFC 3161 response does not parse: \(error)")
        }
    }

    /// The log index and integrated time of a cosign `dev.sigstore.cosign/bundle` annotation (Rekor v1 SET bundle).
    static func cosignLogEntry(_ json: String) -> TraceLogEntry? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any],
              let payload = object["Payload"] as? [String: Any],
              let index = (payload["logIndex"] as? NSNumber)?.int64Value else { return nil }
        let time = (payload["integratedTime"] as? NSNumber).map { RFC3339.format(Date(timeIntervalSince1970: $0.doubleValue)) }
        return TraceLogEntry(logIndex: index, integratedTime: time)
    }

    /// The provenance facts of a SLSA v1 or v0.2 statement; nil for any other predicate type.
    static func provenance(_ statement: InTotoStatement, evidence: String, limits: Limits) -> TraceProvenance? {
        switch statement.predicateType {
        case PredicateType.slsaProvenanceV1:
            guard let p = try? SLSAProvenanceV1.parse(predicate: statement.predicate, limits: limits) else { return nil }
            let workflow = p.externalParameters.objectValue?["workflow"]?.objectValue
            let source = p.resolvedDependencies.first
            return TraceProvenance(evidence: evidence, predicateType: statement.predicateType, builderId: p.builderID,
                                   buildType: p.buildType,
                                   sourceRepository: workflow?["repository"]?.stringValue ?? source?.uri,
                                   commit: source.flatMap { $0.digest["gitCommit"] ?? $0.digest["sha1"] },
                                   ref: workflow?["ref"]?.stringValue, invocationId: p.invocationID)
        case PredicateType.slsaProvenanceV02:
            guard let p = try? SLSAProvenanceV02.parse(predicate: statement.predicate, limits: limits) else { return nil }
            return TraceProvenance(evidence: evidence, predicateType: statement.predicateType, builderId: p.builderID,
                                   buildType: p.buildType, sourceRepository: p.configSource?.uri,
                                   commit: p.configSource.flatMap { $0.digest["sha1"] ?? $0.digest["gitCommit"] },
                                   ref: nil, invocationId: p.buildInvocationID)
        default:
            return nil
        }
    }
}
