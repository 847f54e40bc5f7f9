import COpenSSL
import Foundation

/// Owns one `X509_STORE` holding the anchors.
///
/// `@unchecked Sendable`: the store is filled once in `init` and only read afterwards; OpenSSL
/// locks the store's lookups, so many `X509_STORE_CTX` may use it at once. Per-call settings
/// (time, flags, purpose) go on each context's own parameters, never on the shared store.
final class X509StoreRef: @unchecked Sendable {
    let ref: OpaquePointer

    init(anchors: [Certificate]) {
        guard let store = X509_STORE_new() else { fatalError("X509_STORE_new: out of memory") }
        for anchor in anchors {
            // Adding an anchor only fails on allocation failure (duplicates are ignored).
            precondition(X509_STORE_add_cert(store, anchor.backing.ref) == 1, "X509_STORE_add_cert failed")
        }
        self.ref = store
    }

    deinit { X509_STORE_free(ref) }

    func verify(
        _ leaf: Certificate,
        untrusted: [Certificate],
        at time: Date,
        usage: KeyUsagePurpose,
        known: [Certificate]
    ) -> Result<[Certificate], CryptoError> {
        OpenSSLErrorQueue.clear()
        let untrustedStack: X509Stack
        do {
            untrustedStack = try X509Stack(borrowing: untrusted)
        } catch {
            return .failure(error)
        }
        guard let ctx = X509_STORE_CTX_new() else {
            return .failure(OpenSSLErrorQueue.error(.internalError, "allocating a verification context failed"))
        }
        defer { X509_STORE_CTX_free(ctx) }
        let stack = untrustedStack.ref
        let seconds = time_t(time.timeIntervalSince1970.rounded(.down))
        var outcome = run(ctx, stack: stack, leaf: leaf, at: seconds, usage: usage)
        // OpenSSL treats notAfter as exclusive; RFC 5280 and Go treat it as inclusive. When the only
        // complaint is a certificate expiring exactly now, verify one second earlier instead (the exact
        // instant is then re-checked, inclusively, by the caller).
        if outcome == X509_V_ERR_CERT_HAS_EXPIRED, let current = X509_STORE_CTX_get_current_cert(ctx),
           let notAfter = OpenSSL.date(X509_get0_notAfter(current)), notAfter >= time {
            OpenSSLErrorQueue.clear()
            outcome = run(ctx, stack: stack, leaf: leaf, at: seconds - 1, usage: usage)
        }
        guard outcome == X509_V_OK else {
            let failure = Self.describeFailure(ctx, at: time)
            return .failure(CryptoError(.chainInvalid, failure, openSSLErrors: OpenSSLErrorQueue.drain()))
        }
        guard let chain = X509_STORE_CTX_get0_chain(ctx) else {
            return .failure(OpenSSLErrorQueue.error(.internalError, "verified chain missing"))
        }
        var path: [Certificate] = []
        for x509 in X509Stack.entries(of: chain) {
            if let match = known.first(where: { $0.backing.ref == x509 || X509_cmp($0.backing.ref, x509) == 0 }) {
                path.append(match)
            } else {
                return .failure(CryptoError(.internalError, "verified chain holds a certificate that was not supplied"))
            }
        }
        OpenSSLErrorQueue.clear()
        return .success(path)
    }

    /// Initialises `ctx` and runs one verification at `seconds`; returns the X509_V_* result code.
    private func run(_ ctx: OpaquePointer, stack: OpaquePointer, leaf: Certificate, at seconds: time_t, usage: KeyUsagePurpose) -> Int32 {
        X509_STORE_CTX_cleanup(ctx)
        guard X509_STORE_CTX_init(ctx, ref, leaf.backing.ref, stack) == 1 else { return X509_V_ERR_OUT_OF_MEM }
        let param = X509_STORE_CTX_get0_param(ctx)
        X509_VERIFY_PARAM_set_time(param, seconds)
        X509_VERIFY_PARAM_set_flags(param, UInt(X509_V_FLAG_PARTIAL_CHAIN))
        if usage == .timeStamping {
            _ = X509_STORE_CTX_set_purpose(ctx, X509_PURPOSE_TIMESTAMP_SIGN)
        }
        if X509_verify_cert(ctx) == 1 { return X509_V_OK }
        let code = X509_STORE_CTX_get_error(ctx)
        return code == X509_V_OK ? X509_V_ERR_UNSPECIFIED : code
    }

    private static func describeFailure(_ ctx: OpaquePointer, at time: Date) -> String {
        let code = X509_STORE_CTX_get_error(ctx)
        let depth = X509_STORE_CTX_get_error_depth(ctx)
        let text = String(cString: X509_verify_cert_error_string(Int(code)))
        var subject = ""
        var window = ""
        if let current = X509_STORE_CTX_get_current_cert(ctx) {
            X509_up_ref(current)
            if let certificate = try? Certificate(der: (try? OpenSSL.encode("certificate") { i2d_X509(current, $0) }) ?? Data()) {
                subject = certificate.subject.isEmpty ? "certificate serial \(certificate.serialNumberHex)" : certificate.subject
                window = "valid \(certificate.notBefore.iso8601) to \(certificate.notAfter.iso8601)"
            }
            X509_free(current)
        }
        let what = subject.isEmpty ? "depth \(depth)" : "\(subject) (depth \(depth))"
        switch code {
        case X509_V_ERR_CERT_HAS_EXPIRED, X509_V_ERR_CERT_NOT_YET_VALID:
            return "\(text) at \(time.iso8601): \(what), \(window)"
        default:
            return "\(text): \(what)"
        }
    }
}
