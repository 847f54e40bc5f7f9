import Foundation
public import AirlockCrypto
public import AirlockFormats
public import AirlockImport
public import AirlockStore
public import AirlockVerify

/// Conversions from the lower layers' errors: each keeps its own code; the kind follows who is to blame.
extension ApplianceError {
    /// A bad-input error from a parse failure in `file` (code: the format code, e.g. `invalid-field`).
    public static func from(_ error: FormatError, file: String) -> ApplianceError {
        ApplianceError(.badInput, error.reason, code: error.code.rawValue, file: error.file ?? file, field: error.field)
    }

    /// An import failure of the bundle at `bundle`: bad input, except `store` (the state directory failed).
    public init(_ error: ImportError, bundle: String?) {
        self.init(error.isBadInput ? .badInput : .internalError, error.reason, code: error.code.rawValue, file: bundle,
                  entry: error.entry)
    }

    /// Store codes that are the caller's fault (a missing state directory, an unknown, malformed or
    /// ambiguous id, a catalogue written by a newer Airlock); every other store code is internal.
    /// Compared by raw value so codes added to `StoreError.Code` later map without a change here.
    static let badInputStoreCodes: Set<String> = ["missing-state", "invalid-id", "ambiguous-id", "newer-schema", "nul-in-text"]

    /// A store failure: bad input for `badInputStoreCodes`, internal otherwise.
    public init(_ error: StoreError) {
        let code = error.code.rawValue
        self.init(Self.badInputStoreCodes.contains(code) ? .badInput : .internalError, error.reason, code: code, file: error.path)
    }

    /// A site-policy error in `file` (code `policy.<code>`, e.g. `policy.unknown-key`).
    public init(_ error: SitePolicyError, file: String) {
        self.init(.badInput, error.reason, code: "policy.\(error.code.rawValue)", file: file,
                  field: error.path.isEmpty ? nil : error.path)
    }

    /// A cryptographic failure: bad input, except OpenSSL's own `internal-error`.
    public init(_ error: CryptoError, file: String? = nil) {
        self.init(error.code == .internalError ? .internalError : .badInput, error.reason, code: error.code.rawValue, file: file)
    }
}

extension ApplianceError {
    /// This error, naming `subject` (its `digest`) when it names no digest yet: which image or artifact of a
    /// run failed.
    func naming(subject: String) -> ApplianceError {
        guard digest == nil else { return self }
        var named = self
        named.digest = subject
        return named
    }
}

/// Runs a store (or catalogue) call, turning any failure into an `ApplianceError` by `ApplianceError.init(_: StoreError)`;
/// the one wrapper every service uses.
func storeCall<T>(_ body: () throws -> T) throws(ApplianceError) -> T {
    do {
        return try body()
    } catch let error as ApplianceError {
        throw error
    } catch let error as StoreError {
        throw ApplianceError(error)
    } catch {
        throw ApplianceError(.internalError, "\(error)", code: "store")
    }
}

/// Opens the store of `stateDirectory`. Use cases that need existing state pass `.existing` (or
/// `.readOnly` when they only read), so a missing or mistyped state directory is bad input
/// (`missing-state`, naming the path) and nothing is created. Every blob read is checked against its
/// SHA-256 (`corrupt-blob`, an internal error).
func openStore(_ stateDirectory: URL, mode: Store.OpenMode) throws(ApplianceError) -> Store {
    if mode == .readOnly {
        // Inside a writing command (`DecisionLogCommandScope`, e.g. `import --policy` loading its policy's
        // trust roots), reads of an existing catalogue go through the command's one writable store: a
        // read-only store would open (and parse the schema on) three more connections for a few reads.
        if DecisionLogCommandScope.isActive,
           FileManager.default.fileExists(atPath: stateDirectory.appendingPathComponent("airlock.sqlite").path) {
            return try openStore(stateDirectory, mode: .existing)
        }
        return try storeCall { try Store(stateDirectory: stateDirectory, mode: mode, hasher: SHA256ContentHasher.factory) }
    }
    // A store that may write seals each logged write with its checkpoint, in the write's transaction, and is
    // opened once per command scope (D26).
    return try DecisionLogCommandScope.store(stateDirectory) { () throws(ApplianceError) -> Store in
        try storeCall { try Store(stateDirectory: stateDirectory, mode: mode, hasher: SHA256ContentHasher.factory) }
            .sealing(with: DecisionLogService.sealer(stateDirectory))
    }
}
