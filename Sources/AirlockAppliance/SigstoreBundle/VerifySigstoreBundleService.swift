import Foundation
import AirlockCrypto
public import AirlockFormats
public import AirlockVerify

/// The result of `airlock verify-bundle`: what was verified, against which root, and every check.
public struct VerifySigstoreBundleReport: Sendable, Encodable {
    /// The bundle file.
    public var bundle: String
    /// The artifact (path or digest).
    public var artifact: String
    /// The trust root used (pinned name or path).
    public var trustRoot: String
    /// SHA-256 of the trust root bytes.
    public var trustRootSHA256: String
    /// The verification result (for a JSON-lines file: the first line that verified, else the first line).
    public var result: SigstoreVerificationResult
    /// For a JSON-lines file (`gh attestation download`), or a document carrying several bundles (npm,
    /// PEP 740): every bundle's result, in file order; empty otherwise.
    public var lines: [VerifySigstoreBundleLine] = []
    /// The file's format: `sigstore-bundle`, `cosign-blob-bundle`, `pep740` or `npm-attestations`.
    public var carrier: String = "sigstore-bundle"

    /// Whether every check held (for a JSON-lines file: on at least one line, as `gh attestation verify`).
    public var verified: Bool { result.verified }

    /// The report as `--output json` prints it: the result's fields next to the inputs.
    public func encode(to encoder: any Encoder) throws {
        try ReportJSON(self).encode(to: encoder)
    }
}

/// The JSON shape of a report: the result's fields flattened next to the inputs.
private struct ReportJSON: Encodable {
    let verified: Bool
    let bundle: String
    let artifact: String
    let trustRoot: String
    let trustRootSHA256: String
    let result: SigstoreVerificationResult
    let lines: [VerifySigstoreBundleLine]?
    let carrier: String
    init(_ report: VerifySigstoreBundleReport) {
        carrier = report.carrier
        verified = report.verified
        bundle = report.bundle
        artifact = report.artifact
        trustRoot = report.trustRoot
        trustRootSHA256 = report.trustRootSHA256
        result = report.result
        lines = report.lines.isEmpty ? nil : report.lines
    }
}

/// One line of a JSON-lines bundle file and its own verification result.
public struct VerifySigstoreBundleLine: Sendable, Encodable {
    /// 1-based line number in the file (for a multi-bundle document: the bundle's 1-based position).
    public var line: Int
    /// What the bundle is inside its document (npm predicate type, `attestation N`); nil for plain bundles.
    public var label: String?
    /// Whether every check held for this line.
    public var verified: Bool { result.verified }
    /// The line's result.
    public var result: SigstoreVerificationResult

    enum CodingKeys: String, CodingKey { case line, label, verified, result }

    /// Encodes `line`, `label` (when known), `verified` and `result`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(line, forKey: .line)
        try container.encodeIfPresent(label, forKey: .label)
        try container.encode(verified, forKey: .verified)
        try container.encode(result, forKey: .result)
    }
}

/// The `verify-bundle` use case: load the bundle, trust root and artifact, build the policy, verify.
public enum VerifySigstoreBundleService {
    /// Runs a request. Throws only for bad input or internal errors; a verification failure is a
    /// report whose `verified` is false.
    public static func run(_ request: VerifySigstoreBundleRequest, limits: Limits = .default) throws(ApplianceError) -> VerifySigstoreBundleReport {
        let trust = try request.trustRoot.material(limits: limits)
        let policy = try policy(for: request, limits: limits)
        let bundleData = try readLimitedFile(request.bundlePath, limit: limits.maxJSONBytes)
        let isLines = request.bundlePath.hasSuffix(".jsonl") || JSONLines.looksLikeLines(bundleData)
        let documents: [JSONLines.Line]
        do throws(FormatError) {
            documents = isLines ? try JSONLines.split(bundleData, limits: limits) : [JSONLines.Line(number: 1, bytes: bundleData)]
        } catch {
            throw ApplianceError.from(error, file: request.bundlePath)
        }
        guard !documents.isEmpty else { throw ApplianceError(.badInput, "no Sigstore bundle in the file", file: request.bundlePath) }
        var bundles: [(line: Int, carried: CarriedBundle)] = []
        for document in documents {
            do {
                for carried in try CarriedBundles.read(document.bytes, limits: limits) {
                    bundles.append((isLines ? document.number : bundles.count + 1, carried))
                }
            } catch let error as FormatError {
                var located = error
                if isLines { located.reason = "line \(document.number): \(error.reason)" }
                throw ApplianceError.from(located, file: request.bundlePath)
            } catch {
                throw ApplianceError(.badInput, "\(error)", file: request.bundlePath)
            }
        }
        let artifact = try request.artifact.input(limits: limits)
        let verifier = SigstoreVerifier(trust: trust, limits: limits)
        let lines = bundles.map {
            VerifySigstoreBundleLine(line: $0.line, label: $0.carried.label,
                                     result: verifier.verify($0.carried.bundle, artifact: artifact, policy: policy, at: request.at))
        }
        // As `gh attestation verify`: one line that satisfies the policy is enough.
        var chosen = lines.first { $0.verified } ?? lines[0]
        if let state = request.logContinuityState, chosen.verified {
            chosen.result.checks += try LogContinuityState.checkAndRecord(chosen.result, stateDirectory: state, at: request.at)
        }
        return VerifySigstoreBundleReport(
            bundle: request.bundlePath, artifact: request.artifact.description, trustRoot: request.trustRoot.description,
            trustRootSHA256: trust.digest, result: chosen.result, lines: isLines || lines.count > 1 ? lines : [],
            carrier: bundles[0].carried.carrier)
    }

    static func policy(for request: VerifySigstoreBundleRequest, limits: Limits) throws(ApplianceError) -> VerificationPolicy {
        let thresholds = ThresholdOptions(
            transparencyLogs: request.tlogThreshold, certificateTransparency: request.sctThreshold,
            timestamps: request.timestampThreshold)
        switch request.signer {
        case .identity(let san, let sanRegex, let issuer, let issuerRegex):
            let identity = CertificateIdentity(
                subjectAlternativeName: try matcher(exact: san, regex: sanRegex, what: "certificate identity"),
                issuer: try matcher(exact: issuer, regex: issuerRegex, what: "certificate OIDC issuer"))
            return VerificationPolicy(signer: .certificate([identity]), thresholds: thresholds)
        case .key(let path, let from, let until):
            let pem = try readLimitedFile(path, limit: 1 << 20)
            let key: PublicKey
            do {
                key = try PublicKey(pemData: pem)
            } catch {
                throw ApplianceError(.badInput, "not a PEM public key: \(error)", file: path)
            }
            let window = (from != nil || until != nil)
                ? TimeRange(start: from ?? Date(timeIntervalSince1970: 0), end: until) : nil
            return VerificationPolicy(signer: .key(ManagedKey(publicKey: key, validFor: window)), thresholds: thresholds)
        }
    }

    private static func matcher(exact: String?, regex: String?, what: String) throws(ApplianceError) -> StringMatcher {
        switch (exact, regex) {
        case (let value?, nil):
            return .exact(value)
        case (nil, let pattern?):
            do {
                return try .regex(pattern)
            } catch {
                throw ApplianceError(.badInput, error.reason, field: what)
            }
        default:
            throw ApplianceError(.badInput, "give exactly one of the exact value or the regular expression", field: what)
        }
    }
}
