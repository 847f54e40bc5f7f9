public import Foundation

/// A verified-to-be-supported public key (ECDSA P-256/384/521, Ed25519, RSA 2048–4096).
///
/// Equality and hashing follow the DER SubjectPublicKeyInfo, so two decodings of the same key compare equal.
public struct PublicKey: Sendable, Hashable, CustomStringConvertible {
    let backing: EVPKey
    /// The key's algorithm (curve or RSA size).
    public let algorithm: KeyAlgorithm
    /// The DER SubjectPublicKeyInfo: the bytes the key was decoded from (DER input, or the
    /// certificate's field), or libcrypto's encoding for keys from PEM, raw forms or generation.
    public let spkiDER: Data

    /// Wraps a decoded key. `spkiDER` is the encoding it was decoded from, when the caller has it
    /// (re-encoding through OpenSSL 3's encoder framework is slow); otherwise libcrypto encodes it.
    init(backing: EVPKey, spkiDER: Data? = nil) throws {
        self.backing = backing
        self.algorithm = try backing.algorithm()
        self.spkiDER = try spkiDER ?? backing.spkiDER()
    }

    /// Decodes a PEM `PUBLIC KEY` block (SubjectPublicKeyInfo); other text around it is ignored.
    public init(pem: String) throws {
        try self.init(pemData: Data(pem.utf8))
    }

    /// Decodes a PEM `PUBLIC KEY` block from raw file bytes.
    public init(pemData: Data) throws {
        if let der = KeyImport.pemBody(pemData, label: "PUBLIC KEY"), let key = KeyImport.publicKey(spki: der) {
            try self.init(backing: key, spkiDER: der)
        } else {
            try self.init(backing: Self.decodePEM(pemData))
        }
    }

    /// Decodes a DER SubjectPublicKeyInfo; trailing bytes are rejected. `spkiDER` keeps these bytes.
    public init(spkiDER: Data) throws {
        try self.init(backing: Self.decodeSPKI(spkiDER), spkiDER: Data(spkiDER))
    }

    /// Wraps a raw 32-byte Ed25519 public key (as in C2SP signed-note keys).
    public init(rawEd25519: Data) throws {
        try self.init(backing: Self.decodeRawEd25519(rawEd25519))
    }

    /// Wraps an uncompressed P-256 point `04 || X || Y` (65 bytes, as in early TUF root keys).
    public init(uncompressedP256Point point: Data) throws {
        guard point.count == 65, point.first == 0x04 else {
            throw CryptoError(.malformedKey, "an uncompressed P-256 point is 65 bytes starting with 0x04, got \(point.count) bytes")
        }
        try self.init(spkiDER: Self.p256SPKIPrefix + point)
    }

    /// The key as a PEM `PUBLIC KEY` block.
    public var pem: String {
        "-----BEGIN PUBLIC KEY-----\n"
            + spkiDER.base64EncodedString(options: [.lineLength64Characters, .endLineWithLineFeed])
            + "\n-----END PUBLIC KEY-----\n"
    }

    /// The raw 32-byte Ed25519 key, or nil for other algorithms.
    public var rawEd25519: Data? {
        guard algorithm == .ed25519 else { return nil }
        return backing.rawPublicKey()
    }

    /// The scheme this key signs with by default: P-256→ECDSA-SHA256, P-384→SHA384, P-521→SHA512,
    /// RSA→PKCS#1 v1.5 SHA-256, Ed25519→Ed25519.
    public var defaultScheme: SignatureScheme { algorithm.defaultScheme }

    /// The algorithm and the first bytes of the SPKI digest, for logs.
    public var description: String {
        "PublicKey(\(algorithm), sha256:\(Digest.sha256(spkiDER).prefix(8).map { String(format: "%02x", $0) }.joined()))"
    }

    /// Keys are equal when their SubjectPublicKeyInfo encodings are.
    public static func == (lhs: PublicKey, rhs: PublicKey) -> Bool { lhs.spkiDER == rhs.spkiDER }

    /// Hashes the SubjectPublicKeyInfo encoding.
    public func hash(into hasher: inout Hasher) { hasher.combine(spkiDER) }

    /// The fixed DER prefix of a P-256 SubjectPublicKeyInfo before the 65-byte point.
    static let p256SPKIPrefix = Data([
        0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x02, 0x01,
        0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00,
    ])
}
