public import Foundation

/// A decoded Rekor entry body (`canonicalizedBody`): `{"apiVersion", "kind", "spec"}`.
///
/// Only the fields the verifier compares with the bundle are decoded (docs/formats.md §3.4, §4.2); other
/// members are ignored. Unknown kind/version pairs, and the withdrawn `dsse/0.0.2`, are `unsupportedVersion`.
public enum RekorBody: Sendable, Hashable {
    /// `hashedrekord` 0.0.1 (Rekor v1, message signatures).
    case hashedRekordV001(HashedRekordV001)
    /// `dsse` 0.0.1 (Rekor v1, DSSE bundles).
    case dsseV001(DSSEV001)
    /// `intoto` 0.0.1 (legacy cosign attestations; the key only, no signature).
    case intotoV001(IntotoV001)
    /// `intoto` 0.0.2 (Rekor v1, DSSE bundles).
    case intotoV002(IntotoV002)
    /// `hashedrekord` 0.0.2 (Rekor v2).
    case hashedRekordV002(HashedRekordV002)

    /// The entry kind, e.g. `hashedrekord`.
    public var kind: String {
        switch self {
        case .hashedRekordV001, .hashedRekordV002: "hashedrekord"
        case .dsseV001: "dsse"
        case .intotoV001, .intotoV002: "intoto"
        }
    }

    /// The entry API version, e.g. `0.0.1`.
    public var apiVersion: String {
        switch self {
        case .hashedRekordV001, .dsseV001, .intotoV001: "0.0.1"
        case .intotoV002, .hashedRekordV002: "0.0.2"
        }
    }

    /// Parses a canonicalized body.
    public static func parse(_ canonicalizedBody: Data, limits: Limits = .default) throws -> RekorBody {
        let o = try JSONReader(JSONValue.parse(canonicalizedBody, limits: limits)).object()
        let kind = try o.string("kind")
        let version = try o.string("apiVersion")
        let spec = try o.object("spec")
        switch (kind, version) {
        case ("hashedrekord", "0.0.1"): return .hashedRekordV001(try HashedRekordV001.read(spec))
        case ("dsse", "0.0.1"): return .dsseV001(try DSSEV001.read(spec, limits: limits))
        case ("intoto", "0.0.1"): return .intotoV001(try IntotoV001.read(spec))
        case ("intoto", "0.0.2"): return .intotoV002(try IntotoV002.read(spec, limits: limits))
        case ("hashedrekord", "0.0.2"): return .hashedRekordV002(try HashedRekordV002.read(spec))
        case ("dsse", "0.0.2"):
            throw FormatError(.unsupportedVersion, "Rekor v2 dsse/0.0.2 entries are withdrawn (now hashedrekord over DSSE)",
                              field: "kind")
        default:
            throw FormatError(.unsupportedVersion, "unsupported Rekor entry type \(kind.prefix(40))/\(version.prefix(20))",
                              field: "kind")
        }
    }

    /// Reads `{algorithm, value}` with a lowercase-hex value; returns the normalised algorithm and the hex.
    static func readHexHash(_ o: JSONObjectReader) throws -> (String, String) {
        let name = try o.string("algorithm")
        guard let algorithm = HashAlgorithmName.normalise(name) else {
            throw FormatError(.invalidField, "unknown hash algorithm \"\(name.prefix(40))\"", field: o.childPath("algorithm"))
        }
        let value = try o.string("value")
        guard Hex.isLowercaseHex(value), value.utf8.count == 2 * (HashAlgorithmName.digestLength(algorithm) ?? 0) else {
            throw FormatError(.invalidField, "expected a lowercase hex \(algorithm) digest", field: o.childPath("value"))
        }
        return (algorithm, value)
    }
}

/// `hashedrekord` v0.0.1 spec.
public struct HashedRekordV001: Sendable, Hashable {
    /// `spec.data.hash.algorithm`, normalised (`sha256`, `sha384`, `sha512`).
    public var hashAlgorithm: String
    /// `spec.data.hash.value`, lowercase hex.
    public var hashHex: String
    /// `spec.signature.content`, decoded.
    public var signature: Data
    /// `spec.signature.publicKey.content`, decoded: PEM bytes of a certificate or public key.
    public var publicKeyPEM: Data

    static func read(_ spec: JSONObjectReader) throws -> HashedRekordV001 {
        let (alg, hex) = try RekorBody.readHexHash(spec.object("data").object("hash"))
        let sig = try spec.object("signature")
        return HashedRekordV001(hashAlgorithm: alg, hashHex: hex, signature: try sig.nonEmptyBase64("content"),
                                publicKeyPEM: try sig.object("publicKey").nonEmptyBase64("content"))
    }
}

/// `dsse` v0.0.1 spec.
public struct DSSEV001: Sendable, Hashable {
    /// One signature with the PEM of its verifier.
    public struct Signature: Sendable, Hashable {
        /// `signature`, decoded.
        public var signature: Data
        /// `verifier`, decoded: PEM of a certificate or public key.
        public var verifierPEM: Data
    }

    /// `spec.payloadHash.algorithm`, normalised.
    public var payloadHashAlgorithm: String
    /// `spec.payloadHash.value`, lowercase hex (SHA-256 of the decoded DSSE payload).
    public var payloadHashHex: String
    /// `spec.signatures`, in order.
    public var signatures: [Signature]

    static func read(_ spec: JSONObjectReader, limits: Limits) throws -> DSSEV001 {
        let (alg, hex) = try RekorBody.readHexHash(spec.object("payloadHash"))
        let sigs = try spec.array("signatures", maxCount: limits.maxDSSESignatures).map { r in
            let s = try r.object()
            return Signature(signature: try s.nonEmptyBase64("signature"), verifierPEM: try s.nonEmptyBase64("verifier"))
        }
        guard !sigs.isEmpty else { throw FormatError(.missingField, "no signatures", field: spec.childPath("signatures")) }
        return DSSEV001(payloadHashAlgorithm: alg, payloadHashHex: hex, signatures: sigs)
    }
}
