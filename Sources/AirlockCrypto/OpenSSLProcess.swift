import COpenSSL

/// What the COpenSSL shim set up when the process started (docs/decisions.md D32): libcrypto initialised
/// without reading any openssl.cnf, and HASH-DRBG over SHA-256 as the DRBG type.
enum OpenSSLProcess {
    /// The algorithm name of the primary DRBG (instantiating it if needed), e.g. "HASH-DRBG"; nil when
    /// libcrypto has none.
    static var primaryDRBGName: String? {
        airlock_primary_drbg_name().map { String(cString: $0) }
    }
}
