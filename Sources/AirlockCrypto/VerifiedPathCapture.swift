import COpenSSL

/// Receives the certificate path of a chain validation that OpenSSL runs inside another operation
/// (`TS_RESP_verify_response`), so the caller can inspect the verified path without validating it a
/// second time.
///
/// Attached to one `X509_STORE` through its ex_data and a verify callback; the callback records the
/// context's chain when OpenSSL signals success at depth 0 (after every signature and validity check
/// along the path) and passes every `ok` through unchanged, so it never alters a verification's
/// outcome. The path only counts when the whole operation then succeeds. Not `Sendable`: one capture
/// belongs to one verification, on one thread.
final class VerifiedPathCapture {
    /// The last path recorded, leaf first (a reference held on each entry).
    private(set) var path: [OpaquePointer] = []

    deinit { path.forEach { X509_free($0) } }

    /// The ex_data slot of `X509_STORE` that points at the capture (allocated once per process).
    private static let storeIndex: Int32 = CRYPTO_get_ex_new_index(CRYPTO_EX_INDEX_X509_STORE, 0, nil, nil, nil, nil)

    /// Points `store`'s verify callback at this capture; the capture must outlive the store's use.
    func attach(to store: OpaquePointer) -> Bool {
        guard Self.storeIndex >= 0,
              X509_STORE_set_ex_data(store, Self.storeIndex, Unmanaged.passUnretained(self).toOpaque()) == 1
        else { return false }
        X509_STORE_set_verify_cb(store, verifyCallback)
        return true
    }

    fileprivate func record(_ chain: OpaquePointer) {
        path.forEach { X509_free($0) }
        path = X509Stack.entries(of: chain)
        path.forEach { X509_up_ref($0) }
    }

    fileprivate static func capture(of ctx: OpaquePointer) -> VerifiedPathCapture? {
        guard let store = X509_STORE_CTX_get0_store(ctx),
              let pointer = X509_STORE_get_ex_data(store, storeIndex) else { return nil }
        return Unmanaged<VerifiedPathCapture>.fromOpaque(pointer).takeUnretainedValue()
    }
}

/// OpenSSL's verify callback: records the chain on success at depth 0 and returns `ok` unchanged.
private func verifyCallback(_ ok: Int32, _ ctx: OpaquePointer?) -> Int32 {
    guard ok == 1, let ctx, X509_STORE_CTX_get_error_depth(ctx) == 0,
          let capture = VerifiedPathCapture.capture(of: ctx), let chain = X509_STORE_CTX_get0_chain(ctx)
    else { return ok }
    capture.record(chain)
    return ok
}
