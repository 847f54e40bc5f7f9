import Foundation
import AirlockCrypto
import AirlockFormats

/// Checks that a Rekor v1 log body speaks about this bundle: same signature, same key or
/// certificate, same artifact (docs/formats.md §3.4). Guards against CVE-2022-36056-style bundles whose
/// log entry belongs to something else.
enum RekorBodyMatch {
    /// nil when the body matches; otherwise the reason it does not.
    static func mismatch(_ body: RekorBody, _ context: SigningContext) -> String? {
        switch body {
        case .hashedRekordV001(let record):
            guard case .messageSignature = context.bundle.content else {
                return "a hashedrekord entry cannot vouch for a DSSE bundle"
            }
            if record.signature != context.signature { return "log entry signature differs from the bundle signature" }
            if let reason = keyMismatch(record.publicKeyPEM, context) { return reason }
            return digestMismatch(algorithm: record.hashAlgorithm, hex: record.hashHex, context)
        case .dsseV001(let record):
            return envelopeMismatch("a dsse entry", record.signatures.map { ($0.signature, $0.verifierPEM) },
                                    record.payloadHashAlgorithm, record.payloadHashHex, context)
        case .intotoV002(let record):
            return envelopeMismatch("an intoto entry", record.signatures.map { ($0.signature, $0.publicKeyPEM) },
                                    record.payloadHashAlgorithm, record.payloadHashHex, context)
        case .intotoV001(let record):
            guard let envelope = context.envelope else { return "an intoto entry cannot vouch for a message-signature bundle" }
            if let reason = keyMismatch(record.publicKeyPEM, context) { return reason }
            return payloadMismatch(record.payloadHashAlgorithm, record.payloadHashHex, envelope.payload)
        case .hashedRekordV002:
            return "a Rekor v2 body in a Rekor v1 entry"
        }
    }

    /// A DSSE-carrying entry (`dsse` v0.0.1, `intoto` v0.0.2): exactly one signature, the bundle's, by
    /// the bundle's key, over the envelope payload's hash.
    private static func envelopeMismatch(_ entry: String, _ signatures: [(signature: Data, pem: Data)],
                                         _ algorithm: String, _ hex: String, _ context: SigningContext) -> String? {
        guard let envelope = context.envelope else { return "\(entry) cannot vouch for a message-signature bundle" }
        guard signatures.count == 1, let only = signatures.first else {
            return "log entry has \(signatures.count) signatures, the bundle has 1"
        }
        if only.signature != context.signature { return "log entry signature differs from the DSSE signature" }
        if let reason = keyMismatch(only.pem, context) { return reason }
        return payloadMismatch(algorithm, hex, envelope.payload)
    }

    /// Compares the logged key or certificate with the bundle's by their DER bytes (both canonical
    /// DER), without parsing them again.
    private static func keyMismatch(_ pem: Data, _ context: SigningContext) -> String? {
        // Fast path: the logged text is byte for byte the canonical PEM (64-column base64, LF) of the
        // bundle's certificate or key, as Sigstore clients write it. Decoding it would give exactly
        // that label and DER, so it matches; any other text takes the full decode below.
        if let leaf = context.leaf {
            if pem == Data(leaf.pem.utf8) { return nil }
        } else if pem == Data(context.key.pem.utf8) {
            return nil
        }
        guard let block = PEM.decode(String(decoding: pem, as: UTF8.self)).first else {
            return "log entry key is not PEM"
        }
        switch block.label {
        case "CERTIFICATE":
            guard let leaf = context.leaf else { return "log entry holds a certificate but the bundle is key-signed" }
            return block.der == leaf.der ? nil : "log entry certificate differs from the bundle certificate"
        case "PUBLIC KEY":
            if context.leaf != nil { return "log entry holds a public key but the bundle carries a certificate" }
            return block.der == context.key.spkiDER ? nil : "log entry public key differs from the verifying key"
        default:
            return "log entry key has an unexpected PEM label \(block.label)"
        }
    }

    private static func digestMismatch(algorithm name: String, hex: String, _ context: SigningContext) -> String? {
        guard let algorithm = DigestAlgorithm(rawValue: name.lowercased()) else {
            return "log entry uses unsupported digest algorithm \(name)"
        }
        guard let logged = Hex.decode(hex) else { return "log entry digest is not hex" }
        if let message = context.messageDigest {
            if message.algorithm != algorithm || message.value != logged {
                return "log entry digest \(name):\(hex) differs from the bundle's message digest"
            }
        }
        guard let actual = context.artifactDigest(algorithm) else {
            return "the artifact digest is not \(name), the algorithm the log entry used"
        }
        return actual == logged ? nil : "log entry digest \(name):\(hex) is not the artifact's digest"
    }

    private static func payloadMismatch(_ algorithm: String, _ hex: String, _ payload: Data) -> String? {
        guard algorithm.lowercased() == "sha256" else { return "log entry payload hash uses unsupported \(algorithm)" }
        return Hex.encode(Digest.sha256(payload)) == hex.lowercased() ? nil : "log entry payload hash differs from the DSSE payload"
    }
}
