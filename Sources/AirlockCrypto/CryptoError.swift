/// A cryptographic failure: what kind, a human reason, and the OpenSSL error queue at the time,
/// so the CLI can print one clear line and an auditor can still see what libcrypto said.
public struct CryptoError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure, stable for scripts.
    public enum Code: String, Sendable, Codable {
        /// Key bytes or PEM that do not decode to a supported key.
        case malformedKey = "malformed-key"
        /// Certificate bytes or PEM that do not decode.
        case malformedCertificate = "malformed-certificate"
        /// An RFC 3161 response that does not decode or was not granted.
        case malformedTimestamp = "malformed-timestamp"
        /// A key type, curve, size or scheme Airlock does not accept.
        case unsupportedAlgorithm = "unsupported-algorithm"
        /// A signature could not be produced, or did not verify.
        case signatureFailure = "signature-failure"
        /// A certificate path could not be built or is not valid at the given time.
        case chainInvalid = "chain-invalid"
        /// An RFC 3161 timestamp did not verify.
        case timestampInvalid = "timestamp-invalid"
        /// A signed certificate timestamp list that does not decode.
        case malformedSCT = "malformed-sct"
        /// A request to build something (certificate, timestamp) that cannot be honoured.
        case invalidInput = "invalid-input"
        /// libcrypto failed in a way that says nothing about the input (allocation, encoding).
        case internalError = "internal-error"
    }

    /// The kind of failure.
    public var code: Code
    /// A one-line human explanation.
    public var reason: String
    /// The OpenSSL error queue drained when the failure happened, oldest first
    /// (`library: reason (detail)`); empty when the failure was detected in Swift.
    public var openSSLErrors: [String]

    /// Makes an error; `openSSLErrors` is normally filled by the module from the error queue.
    public init(_ code: Code, _ reason: String, openSSLErrors: [String] = []) {
        self.code = code
        self.reason = reason
        self.openSSLErrors = openSSLErrors
    }

    /// `reason`, followed by the OpenSSL errors in brackets when there are any.
    public var description: String {
        openSSLErrors.isEmpty ? reason : "\(reason) [\(openSSLErrors.joined(separator: "; "))]"
    }
}
