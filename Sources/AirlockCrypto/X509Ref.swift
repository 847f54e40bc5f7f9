import COpenSSL

/// Owns one `X509`.
///
/// `@unchecked Sendable`: the certificate is never modified after decoding (mutating work such as
/// re-encoding a TBS happens on an `X509_dup` copy); libcrypto guards its lazily cached extension
/// data with a lock, so concurrent reads and verifications of one `X509` are safe.
final class X509Ref: @unchecked Sendable {
    let ref: OpaquePointer

    /// Wraps a certificate; takes over the caller's +1 reference.
    init(takingOwnership ref: OpaquePointer) {
        self.ref = ref
    }

    deinit { X509_free(ref) }
}
