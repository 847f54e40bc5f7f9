public import Foundation
import AirlockCrypto
public import AirlockFormats
import AirlockStore
import AirlockVerify

/// The named trust roots: the ones embedded in the binary (the initial set, never removable) and the
/// ones the operator adds to the store (`trust_roots`, bytes in the blob store, every change an event).
public struct TrustRootLibrary: Sendable {
    /// The state directory.
    public let stateDirectory: URL
    /// Input limits.
    public let limits: Limits

    /// Makes the library over a state directory.
    public init(stateDirectory: URL, limits: Limits = .default) {
        self.stateDirectory = stateDirectory
        self.limits = limits
    }

    /// Every root: embedded ones first, then stored ones by name.
    public func list() throws(ApplianceError) -> TrustRootList {
        var entries = PinnedTrustRoots.all.map(Self.embeddedEntry)
        if let store = try existingStore() {
            let pinned = try storeCall { try store.catalogue.trustRoots() }
            var names = Set<String>()
            for record in pinned {
                names.insert(record.name)
                entries.append(Self.storedEntry(record, pin: try storeCall { try store.catalogue.tufPin(named: record.name) }))
            }
            // TUF pins with no trusted_root.json yet (pinned, never updated).
            for name in try storeCall({ try store.catalogue.tufPinNames() }) where !names.contains(name) {
                guard let pin = try storeCall({ try store.catalogue.tufPin(named: name) }) else { continue }
                entries.append(Self.pinnedOnlyEntry(pin))
            }
            entries.sort { ($0.kind == "embedded" ? 0 : 1, $0.name) < ($1.kind == "embedded" ? 0 : 1, $1.name) }
        }
        return TrustRootList(trustRoots: entries)
    }

    /// One root with what it holds and its events; `unknown-trust-root` when there is none by that name.
    public func show(_ name: String) throws(ApplianceError) -> TrustRootDetail {
        let store = try existingStore()
        let record = try store.flatMap { (store) throws(ApplianceError) in try storeCall { try store.catalogue.trustRoot(named: name) } }
        let pin = try store.flatMap { (store) throws(ApplianceError) in try storeCall { try store.catalogue.tufPin(named: name) } }
        let entry: TrustRootEntry
        if let record {
            entry = Self.storedEntry(record, pin: pin)
        } else if let pin {
            entry = Self.pinnedOnlyEntry(pin)
        } else if let embedded = PinnedTrustRoots.all.first(where: { $0.name == name }) {
            entry = Self.embeddedEntry(embedded)
        } else {
            throw Self.unknown(name)
        }
        let events = try store.map { (store) throws(ApplianceError) in try storeCall { try store.catalogue.trustRootEvents(named: name) } } ?? []
        let tuf = pin.map { TUFVersions(root: $0.rootVersion, timestamp: $0.timestampVersion, snapshot: $0.snapshotVersion, targets: $0.targetsVersion) }
        let shown = events.map { TrustRootEvent(action: $0.action, sha256: $0.sha256, origin: $0.origin, at: $0.at, detail: $0.detail) }
        if record == nil, pin != nil {  // pinned, never updated: nothing to count yet
            return TrustRootDetail(entry: entry, transparencyLogs: 0, certificateAuthorities: 0, ctLogs: 0, timestampAuthorities: 0,
                                   tuf: tuf, events: shown, logs: nil)
        }
        let material = try TrustRootSource.stored(name: name, bytes: try bytes(of: name)).material(limits: limits)
        let root = material.root
        return TrustRootDetail(
            entry: entry, transparencyLogs: root.tlogs.count, certificateAuthorities: root.certificateAuthorities.count,
            ctLogs: root.ctlogs.count, timestampAuthorities: root.timestampAuthorities.count,
            tuf: tuf, events: shown,
            logs: try store.flatMap { (store) throws(ApplianceError) in try Self.logEntries(of: material, store) })
    }

    /// Adds the `trusted_root.json` at `path` as `name`. Refuses a bad name (`bad-trust-root-name`), an
    /// embedded name (`embedded-trust-root`), a name already stored (`trust-root-exists`) and a file
    /// that is not a valid trusted root (`invalid-trust-root`, with the parser's reason).
    public func add(_ name: String, file path: String, now: Date = Date()) throws(ApplianceError) -> TrustRootEntry {
        try Self.checkName(name)
        if PinnedTrustRoots.all.contains(where: { $0.name == name }) {
            throw ApplianceError(.badInput, "\(name) is an embedded trust root; choose another name", code: "embedded-trust-root", field: "NAME")
        }
        let data = try readLimitedFile(path, limit: limits.maxJSONBytes)
        try Self.validate(data, file: path, limits: limits)
        let store = try openStore(stateDirectory, mode: .create)
        if try storeCall({ try store.catalogue.trustRoot(named: name) }) != nil {
            throw ApplianceError(.badInput, "a trust root named \(name) is already stored (remove it first)", code: "trust-root-exists", field: "NAME")
        }
        let record = try put(data, name: name, origin: "file:\(path)", action: "add", pin: nil, detail: "", store: store, now: now)
        return Self.storedEntry(record, tuf: false)
    }

    /// Removes the stored root `name` (and its TUF pin); embedded roots are refused (`embedded-trust-root`).
    public func remove(_ name: String, now: Date = Date()) throws(ApplianceError) -> TrustRootEntry {
        if PinnedTrustRoots.all.contains(where: { $0.name == name }) {
            throw ApplianceError(.badInput, "\(name) is embedded in the binary and cannot be removed", code: "embedded-trust-root", field: "NAME")
        }
        guard try existingStore() != nil else { throw Self.unknown(name) }
        let store = try openStore(stateDirectory, mode: .existing)
        let record = try storeCall { try store.catalogue.trustRoot(named: name) }
        let pin = try storeCall { try store.catalogue.tufPin(named: name) }
        // A TUF pin not yet updated has no trusted_root.json: removing it drops the pin.
        guard let removed = record ?? pin.map({ TrustRootRecord(name: name, sha256: $0.rootSHA256, origin: "tuf-pin", addedAt: $0.updatedAt) }) else {
            throw Self.unknown(name)
        }
        let event = TrustRootEventRecord(name: name, action: "remove", sha256: nil, origin: removed.origin, at: Self.whole(now))
        try loggedChange(store, stateDirectory) { try store.catalogue.changeTrustRoot(nil, pin: nil, event: event) }
        return Self.storedEntry(removed, tuf: pin != nil)
    }

    /// Where `--trust-root NAME` points: a stored root first, then an embedded one.
    public func resolve(_ name: String) throws(ApplianceError) -> TrustRootSource {
        if let store = try existingStore(), let record = try storeCall({ try store.catalogue.trustRoot(named: name) }) {
            return .stored(name: name, bytes: try storeCall { try store.blobs.read(sha256: record.sha256, maxBytes: limits.maxJSONBytes) })
        }
        if let store = try existingStore(), try storeCall({ try store.catalogue.tufPin(named: name) }) != nil {
            throw ApplianceError(.badInput, "\(name) is pinned to a TUF root but was never updated: it has no trusted_root.json yet (airlock trustroot update \(name) DIR, or import --update-trust-root \(name))",
                                 code: "tuf-never-updated", field: "NAME")
        }
        guard PinnedTrustRoots.all.contains(where: { $0.name == name }) else { throw Self.unknown(name) }
        return .pinned(name)
    }

    /// The bytes of the root called `name` (stored first, then embedded).
    func bytes(of name: String) throws(ApplianceError) -> Data {
        try resolve(name).bytes(limits: limits)
    }

    /// Stores `data` as the blob and current bytes of `name`, with its event (and TUF state) in one transaction.
    func put(_ data: Data, name: String, origin: String, action: String, pin: TUFPinRecord?, detail: String,
             store: Store, now: Date) throws(ApplianceError) -> TrustRootRecord {
        let sha = Hex.encode(Digest.sha256(data))
        try storeCall { try store.blobs.put(data, sha256: sha) }
        let record = TrustRootRecord(name: name, sha256: sha, origin: origin, addedAt: Self.whole(now))
        let event = TrustRootEventRecord(name: name, action: action, sha256: sha, origin: origin, at: record.addedAt, detail: detail)
        try loggedChange(store, stateDirectory) { try store.catalogue.changeTrustRoot(record, pin: pin, event: event) }
        return record
    }

    /// The store when the state directory has a catalogue; nil when there is none yet (only embedded roots).
    func existingStore() throws(ApplianceError) -> Store? {
        guard FileManager.default.fileExists(atPath: stateDirectory.appendingPathComponent("airlock.sqlite").path) else { return nil }
        return try openStore(stateDirectory, mode: .readOnly)
    }

    /// Parses `data` as a trusted root and prepares its keys; `invalid-trust-root` with the parser's reason.
    static func validate(_ data: Data, file: String, limits: Limits) throws(ApplianceError) {
        do {
            _ = try TrustMaterial(json: data, limits: limits)
        } catch let error as FormatError {
            throw ApplianceError(.badInput, "not a valid trusted_root.json: \(error.reason) (\(error.code.rawValue))", code: "invalid-trust-root", file: file, field: error.field)
        } catch {
            throw ApplianceError(.badInput, "not a valid trusted_root.json: \(error)", code: "invalid-trust-root", file: file)
        }
    }

    /// Names are 1–64 of `a-z 0-9 . _ -`, starting with a letter or digit.
    static func checkName(_ name: String) throws(ApplianceError) {
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789._-")
        guard (1...64).contains(name.count), name.allSatisfy(allowed.contains), name.first.map({ $0.isLetter || $0.isNumber }) == true else {
            throw ApplianceError(.badInput, "trust root names are 1-64 of a-z, 0-9, '.', '_', '-' starting with a letter or digit", code: "bad-trust-root-name", field: "NAME")
        }
    }

    static func unknown(_ name: String) -> ApplianceError {
        ApplianceError(.badInput, "no trust root named \(name) (embedded: \(TrustRootSource.pinnedNames.joined(separator: ", ")); see airlock trustroot list)",
                       code: "unknown-trust-root", field: "NAME")
    }

    static func whole(_ date: Date) -> Date { Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down)) }

    static func embeddedEntry(_ pinned: (name: String, base64: String, sha256: String)) -> TrustRootEntry {
        TrustRootEntry(name: pinned.name, kind: "embedded", sha256: pinned.sha256, origin: "binary", addedAt: nil, tufPinned: false,
                       status: "embedded")
    }

    static func storedEntry(_ record: TrustRootRecord, pin: TUFPinRecord?) -> TrustRootEntry {
        var entry = storedEntry(record, tuf: pin != nil)
        if let pin {
            entry.tuf = TUFVersions(root: pin.rootVersion, timestamp: pin.timestampVersion, snapshot: pin.snapshotVersion, targets: pin.targetsVersion)
            entry.updatedAt = pin.updatedAt
        }
        return entry
    }

    /// A TUF pin that was never updated: no `trusted_root.json` yet.
    static func pinnedOnlyEntry(_ pin: TUFPinRecord) -> TrustRootEntry {
        TrustRootEntry(name: pin.name, kind: "stored", sha256: "", origin: "tuf-pin", addedAt: pin.updatedAt, tufPinned: true, status: "tuf-pinned",
                       tuf: TUFVersions(root: pin.rootVersion, timestamp: 0, snapshot: 0, targets: 0), updatedAt: pin.updatedAt)
    }

    static func storedEntry(_ record: TrustRootRecord, tuf: Bool) -> TrustRootEntry {
        TrustRootEntry(name: record.name, kind: "stored", sha256: record.sha256, origin: record.origin, addedAt: record.addedAt, tufPinned: tuf,
                       status: tuf ? "tuf-updated" : "file-added")
    }
}
