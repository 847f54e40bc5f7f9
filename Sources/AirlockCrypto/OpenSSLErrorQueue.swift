import COpenSSL

/// The thread-local OpenSSL error queue: cleared before each operation and drained into the
/// thrown error after a failure, so one failure never leaks into the next report.
enum OpenSSLErrorQueue {
    /// Discards whatever earlier operations on this thread left behind.
    static func clear() {
        ERR_clear_error()
    }

    /// Removes every queued error and renders each as `library: reason (detail)`, oldest first.
    static func drain() -> [String] {
        var messages: [String] = []
        while true {
            var file: UnsafePointer<CChar>?
            var line: CInt = 0
            var function: UnsafePointer<CChar>?
            var data: UnsafePointer<CChar>?
            var flags: CInt = 0
            let code = ERR_get_error_all(&file, &line, &function, &data, &flags)
            if code == 0 { break }
            let library = ERR_lib_error_string(code).map { String(cString: $0) } ?? "lib(\(ERR_GET_LIB(code)))"
            let reason = ERR_reason_error_string(code).map { String(cString: $0) } ?? "reason(\(ERR_GET_REASON(code)))"
            var message = "\(library): \(reason)"
            if let data, flags & ERR_TXT_STRING != 0, data.pointee != 0 {
                message += " (\(String(cString: data)))"
            }
            messages.append(message)
        }
        return messages
    }

    /// A `CryptoError` carrying the drained queue.
    static func error(_ code: CryptoError.Code, _ reason: String) -> CryptoError {
        CryptoError(code, reason, openSSLErrors: drain())
    }
}
