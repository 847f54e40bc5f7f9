import COpenSSL

/// Owns one `STACK_OF(X509)`: the one place stacks of certificates are built, read and freed.
///
/// A stack either borrows its entries (built from `Certificate`s, which it keeps alive; freed with
/// `sk_X509_free`) or owns them (taken from OpenSSL with a reference per entry; freed with
/// `sk_X509_pop_free`). Not `Sendable`: a stack lives inside one call.
final class X509Stack {
    /// The stack.
    let ref: OpaquePointer
    private let ownsEntries: Bool
    private let keepAlive: [Certificate]

    /// A stack that borrows `certificates` (no reference counts taken); they live as long as the stack.
    init(borrowing certificates: [Certificate]) throws(CryptoError) {
        guard let stack = airlock_sk_X509_new_null() else {
            throw OpenSSLErrorQueue.error(.internalError, "allocating a certificate stack failed")
        }
        self.ref = stack
        self.ownsEntries = false
        self.keepAlive = certificates
        for certificate in certificates where airlock_sk_X509_push(stack, certificate.backing.ref) <= 0 {
            throw OpenSSLErrorQueue.error(.internalError, "adding to a certificate stack failed")
        }
    }

    /// Wraps a stack returned +1 by OpenSSL; `ownsEntries` says whether its entries carry references
    /// to drop too (true for `*_get1_*`, false for stacks of borrowed entries such as `PKCS7_get0_signers`).
    init(takingOwnership ref: OpaquePointer, ownsEntries: Bool) {
        self.ref = ref
        self.ownsEntries = ownsEntries
        self.keepAlive = []
    }

    deinit {
        if ownsEntries { airlock_sk_X509_pop_free(ref) } else { airlock_sk_X509_free(ref) }
    }

    /// The entries, in order (borrowed pointers, valid while the stack lives).
    var entries: [OpaquePointer] { Self.entries(of: ref) }

    /// The entries of a stack someone else owns (borrowed pointers).
    static func entries(of stack: OpaquePointer) -> [OpaquePointer] {
        (0..<airlock_sk_X509_num(stack)).compactMap { airlock_sk_X509_value(stack, $0) }
    }

    /// A new stack holding a reference to each of `certificates`, for an OpenSSL call that takes
    /// ownership of the stack and frees it with its entries (`TS_VERIFY_CTX_set_certs`). Returns +1.
    static func transferring(_ certificates: [Certificate]) throws(CryptoError) -> OpaquePointer {
        guard let stack = airlock_sk_X509_new_null() else {
            throw OpenSSLErrorQueue.error(.internalError, "allocating a certificate stack failed")
        }
        for certificate in certificates {
            X509_up_ref(certificate.backing.ref)
            guard airlock_sk_X509_push(stack, certificate.backing.ref) > 0 else {
                X509_free(certificate.backing.ref)
                airlock_sk_X509_pop_free(stack)
                throw OpenSSLErrorQueue.error(.internalError, "adding to a certificate stack failed")
            }
        }
        return stack
    }
}
