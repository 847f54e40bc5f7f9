import ArgumentParser
import Foundation
import AirlockAppliance
import AirlockVerify
import AirlockFormats

/// `airlock verify-bundle`: verify one Sigstore bundle offline against the pinned trust root.
struct VerifySigstoreBundle: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-bundle",
        abstract: "Verify a Sigstore bundle offline for an artifact file or digest.",
        discussion: """
        FILE_OR_DIGEST is a path, or sha256: followed by 64 hex digits (then it is a digest, never a \
        path). For a DSSE bundle it must be a subject of the in-toto statement. Exit codes: 0 verified, \
        1 verification failed, 2 bad input, 3 internal error.
        """
    )

    @Option(name: .long, help: "The Sigstore bundle (.sigstore.json), gh JSON lines, a cosign sign-blob --bundle file, a PyPI PEP 740 attestation or an npm attestations document.")
    var bundle: String

    @Option(name: .customLong("certificate-identity"), help: "Expected SAN of the signing certificate (exact).")
    var identity: String?

    @Option(name: .customLong("certificate-identity-regexp"), help: "Expected SAN (unanchored regular expression).")
    var identityRegexp: String?

    @Option(name: .customLong("certificate-oidc-issuer"), help: "Expected OIDC issuer (exact).")
    var issuer: String?

    @Option(name: .customLong("certificate-oidc-issuer-regexp"), help: "Expected OIDC issuer (unanchored regular expression).")
    var issuerRegexp: String?

    @Option(name: .long, help: "PEM public key of a managed (key-signed) bundle, instead of an identity.")
    var key: String?

    @Option(name: .customLong("key-valid-from"), help: "With --key: RFC 3339 start of the key's validity.")
    var keyValidFrom: String?

    @Option(name: .customLong("key-valid-until"), help: "With --key: RFC 3339 end of the key's validity.")
    var keyValidUntil: String?

    @Option(name: .customLong("trusted-root"), help: "A trusted_root.json to use instead of the pinned public-good root.")
    var trustedRoot: String?

    @Option(name: .customLong("trust-root"), help: "Name of a trust root: one stored with `airlock trustroot add`, else an embedded one (default public-good).")
    var pinnedRoot: String?

    @Option(name: .long, help: "State directory holding stored trust roots (default: $AIRLOCK_HOME, else ~/.local/share/airlock); when given, the bundle's log checkpoints are also checked against and recorded in its held checkpoints.")
    var state: String?

    @OptionGroup var at: AtOption

    @Option(name: .customLong("tlog-threshold"), help: "Transparency-log entries required (default: 1 if the trust root has logs).")
    var tlogThreshold: Int?

    @Option(name: .customLong("sct-threshold"), help: "Embedded SCTs required (default: 1 if the trust root has CT logs).")
    var sctThreshold: Int?

    @Option(name: .customLong("timestamp-threshold"), help: "RFC 3161 timestamps required (default: 1 if the trust root has no transparency log).")
    var timestampThreshold: Int?

    @OptionGroup var format: OutputOptions

    @Argument(help: "The artifact: a file path, or sha256:<64 hex>.")
    var fileOrDigest: String

    func validate() throws {
        let keyless = identity != nil || identityRegexp != nil || issuer != nil || issuerRegexp != nil
        if key != nil && keyless {
            throw ValidationError("give either --key or a certificate identity, not both")
        }
        if key == nil {
            guard (identity == nil) != (identityRegexp == nil) else {
                throw ValidationError("give exactly one of --certificate-identity or --certificate-identity-regexp (or --key)")
            }
            guard (issuer == nil) != (issuerRegexp == nil) else {
                throw ValidationError("give exactly one of --certificate-oidc-issuer or --certificate-oidc-issuer-regexp")
            }
        }
        if trustedRoot != nil && pinnedRoot != nil {
            throw ValidationError("give either --trusted-root or --trust-root, not both")
        }
        for threshold in [tlogThreshold, sctThreshold, timestampThreshold].compactMap({ $0 }) where threshold < 0 {
            throw ValidationError("thresholds cannot be negative")
        }
    }

    func run() throws {
        let report: VerifySigstoreBundleReport = try Output.attempt(format.output) { () throws(ApplianceError) in
            try VerifySigstoreBundleService.run(try request())
        }
        switch format.output {
        case .json:
            try Output.printJSON(report)
        case .text:
            renderText(report)
        }
        if !report.verified { throw ExitStatus.verificationFailed }
    }

    private func request() throws(ApplianceError) -> VerifySigstoreBundleRequest {
        let signer: SignerSpec
        if let key {
            signer = .key(pemPath: key, validFrom: try keyValidFrom.map { (text) throws(ApplianceError) in try parseInstant(text, field: "--key-valid-from") },
                          validUntil: try keyValidUntil.map { (text) throws(ApplianceError) in try parseInstant(text, field: "--key-valid-until") })
        } else {
            signer = .identity(san: identity, sanRegex: identityRegexp, issuer: issuer, issuerRegex: issuerRegexp)
        }
        let stateDirectory = state.map { URL(fileURLWithPath: $0, isDirectory: true) } ?? ImportService.defaultStateDirectory()
        var root = TrustRootSource.default
        if let trustedRoot {
            root = .file(trustedRoot)
        } else if let pinnedRoot {
            root = try TrustRootSource.named(pinnedRoot, stateDirectory: stateDirectory)
        }
        var request = VerifySigstoreBundleRequest(
            bundlePath: bundle, artifact: try ArtifactReference.parse(fileOrDigest), signer: signer, trustRoot: root,
            at: try at.instant() ?? Date(), tlogThreshold: tlogThreshold, sctThreshold: sctThreshold,
            timestampThreshold: timestampThreshold)
        // Log continuity only with an explicit --state (docs/decisions.md D23).
        request.logContinuityState = state.map { URL(fileURLWithPath: $0, isDirectory: true) }
        return request
    }

    private func renderText(_ report: VerifySigstoreBundleReport) {
        if let failure = report.result.checks.first(where: { $0.status == .failed }) {
            let noun = report.carrier == "sigstore-bundle" ? "lines" : "bundles"
            let which = report.lines.isEmpty ? "" : "(none of \(report.lines.count) \(noun) verified; \(noun.dropLast()) \(report.lines[0].line)) "
            printError("FAILED \(which)\(failure.id): \(failure.message)")
            return
        }
        let signer = report.result.signer
        let who = signer?.subjectAlternativeName.map { "\($0) (issuer \(signer?.issuer ?? "?"))" } ?? "managed key sha256:\(signer?.publicKeySHA256 ?? "?")"
        print("VERIFIED \(report.artifact)")
        print("  signer:     \(who)")
        if report.carrier != "sigstore-bundle" { print("  carrier:    \(report.carrier) (converted to a Sigstore bundle)") }
        for entry in report.result.logEntries {
            print("  tlog:       \(entry.logURL) #\(entry.logIndex) \(entry.kindVersion)\(entry.inclusionProven ? " inclusion-proof" : "")\(entry.promiseVerified ? " SET" : "")")
        }
        for time in report.result.times {
            print("  time:       \(formatInstant(time.time)) via \(time.source.rawValue) \(time.authority)")
        }
        let t = report.result.thresholds
        print("  thresholds: tlog \(t.transparencyLogs), sct \(t.certificateTransparency), timestamps \(t.timestamps), times \(t.observerTimes)")
        print("  trust root: \(report.trustRoot) \(ContentDigest.sha256Reference(report.trustRootSHA256))")
        if !report.lines.isEmpty {
            let passed = report.lines.filter(\.verified).map { String($0.line) }
            let noun = report.carrier == "sigstore-bundle" ? "line" : "bundle"
            print("  \(noun)s:\(noun == "line" ? "      " : "    ")\(passed.count) of \(report.lines.count) verified (\(noun) \(passed.joined(separator: ", ")))")
        }
    }
}
