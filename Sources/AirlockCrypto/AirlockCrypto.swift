/// OpenSSL-backed digests, keys, signatures, X.509, RFC 3161 and SCTs.
public enum AirlockCryptoModule {
    /// The module name, for diagnostics.
    public static let name = "AirlockCrypto"
}
