import AirlockImport
import AirlockStore

/// Why an import, or a listing of the catalogue, failed: the import code (`unsafe-path`,
/// `digest-mismatch`, `store`…), one human line, the archive entry at fault, and whether the
/// input or the machine is to blame (the CLI exits 2 or 3 accordingly).
public struct ImportFailure: Error, Sendable, CustomStringConvertible, Codable {
    /// Stable code for scripts (the `ImportError.Code` raw value, or `store`).
    public var code: String
    /// One human line.
    public var reason: String
    /// The archive entry at fault, when known.
    public var entry: String?
    /// The bundle file, when the failure concerns one.
    public var bundle: String?
    /// Bad input (exit 2) or internal error (exit 3).
    public var kind: ApplianceError.Code

    init(_ error: ImportError, bundle: String?) {
        code = error.code.rawValue
        reason = error.reason
        entry = error.entry
        self.bundle = bundle
        kind = error.isBadInput ? .badInput : .internalError
    }

    init(_ error: StoreError) {
        code = "store"
        reason = error.description
        kind = .internalError
    }

    init(badInput reason: String, code: String) {
        self.code = code
        self.reason = reason
        kind = .badInput
    }

    /// `bundle: entry: reason (code)`, one line.
    public var description: String {
        ([bundle, entry, reason].compactMap { $0 }.joined(separator: ": ")) + " (\(code))"
    }
}
