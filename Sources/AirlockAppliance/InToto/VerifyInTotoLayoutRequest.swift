public import AirlockFormats
public import AirlockVerify
public import Foundation

/// What `airlock verify-layout` was asked: file paths and options, not yet read.
public struct VerifyInTotoLayoutRequest: Sendable, Equatable {
    /// The layout file (Metablock or DSSE).
    public var layoutPath: String
    /// The layout owners' public keys (PEM or securesystemslib JSON); every one must have signed.
    public var layoutKeyPaths: [String]
    /// The directory holding `<step>.<keyid8>.link` files and sublayout directories.
    public var linksDirectory: String
    /// Inspections the caller accepts not running.
    public var skippedInspections: [String]
    /// The approved artifact, `STEP:PATH=sha256:HEX`.
    public var product: String?
    /// The instant expiry is judged against.
    public var verificationTime: Date
    /// `{NAME}` substitutions.
    public var parameters: [String: String]
    /// Input limits.
    public var limits: Limits

    /// Makes a request.
    public init(layoutPath: String, layoutKeyPaths: [String], linksDirectory: String, skippedInspections: [String] = [],
                product: String? = nil, verificationTime: Date, parameters: [String: String] = [:], limits: Limits = .default) {
        self.layoutPath = layoutPath
        self.layoutKeyPaths = layoutKeyPaths
        self.linksDirectory = linksDirectory
        self.skippedInspections = skippedInspections
        self.product = product
        self.verificationTime = verificationTime
        self.parameters = parameters
        self.limits = limits
    }

    /// Parses `STEP:PATH=sha256:HEX` (the step is up to the first `:`, the digest after the last `=sha256:`).
    public static func parseProduct(_ spec: String) throws -> InTotoProductExpectation {
        let bad = { (why: String) in ApplianceError(.badInput, "expected STEP:PATH=sha256:HEX; \(why)", code: "bad-option", field: "--product \(spec)") }
        guard let colon = spec.firstIndex(of: ":") else { throw bad("no ':' after the step name") }
        let step = String(spec[..<colon])
        let rest = spec[spec.index(after: colon)...]
        guard let marker = rest.range(of: "=sha256:", options: .backwards) else { throw bad("no '=sha256:' before the digest") }
        let path = String(rest[..<marker.lowerBound])
        let hex = String(rest[marker.upperBound...]).lowercased()
        guard !step.isEmpty, !path.isEmpty else { throw bad("step and path must not be empty") }
        guard let digest = try? ContentDigest.sha256(hex: hex) else { throw bad("the sha256 digest is 64 hex characters") }
        return InTotoProductExpectation(step: step, path: path, sha256: digest.encoded)
    }
}
