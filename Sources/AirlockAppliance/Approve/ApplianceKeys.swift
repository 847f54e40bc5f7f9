public import Foundation
import AirlockCrypto
import AirlockFormats
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The appliance's signing keys in `<state>/keys/`: `keyring.json` (public, see `ApplianceKeyRing`),
/// `<id>.pub.pem`, and the current `<id>.key.pem` (PKCS#8, mode 0600, in a 0700 directory; never printed).
/// Rotation makes a new current key, deletes the old private key and keeps the old public key.
public struct ApplianceKeys: Sendable {
    /// The key directory.
    public let directory: URL

    /// The key store of a state directory.
    public init(stateDirectory: URL) {
        directory = stateDirectory.appendingPathComponent("keys", isDirectory: true)
    }

    /// The default appliance id for a first key: a URN naming the key's id prefix.
    static func defaultApplianceID(keyID: String) -> String { "urn:airlock:appliance:\(keyID.prefix(16))" }

    /// Makes the first key. Refuses when a key ring exists (use `rotate`).
    public func initialise(algorithm: ApplianceKeyAlgorithm = .ecdsaP256, applianceID: String? = nil,
                           now: Date = Date()) throws(ApplianceError) -> ApplianceKeyRing {
        guard !FileManager.default.fileExists(atPath: ringURL.path) else {
            throw ApplianceError(.badInput, "the appliance already has keys; use `airlock keys rotate` to replace the signing key",
                                 file: ringURL.path)
        }
        if let applianceID, applianceID.isEmpty || applianceID.contains(where: \.isWhitespace) || !applianceID.contains(":") {
            throw ApplianceError(.badInput, "the appliance id must be a URI (e.g. https://airlock.example/appliance-1)", field: "--id")
        }
        try makeDirectory()
        let info = try generate(algorithm, now: now)
        let ring = ApplianceKeyRing(applianceID: applianceID ?? Self.defaultApplianceID(keyID: info.id), keys: [info])
        try save(ring)
        return ring
    }

    /// Replaces the signing key: the new key becomes current, the old one is marked retired and its
    /// private key deleted; its public key stays in the ring.
    ///
    /// Order: first check that the key directory lets the old private key be deleted (else nothing changes:
    /// `key-not-deleted`, naming the file and the OS reason); then write the new key and the ring; then delete
    /// every retired private key. A deletion failing at that point (rare: the check passed) leaves a consistent
    /// ring (the new key is current, the old one retired and never used to sign again) and is still an error
    /// naming the file, which the next `rotate` deletes.
    public func rotate(algorithm: ApplianceKeyAlgorithm = .ecdsaP256, now: Date = Date()) throws(ApplianceError) -> ApplianceKeyRing {
        var ring = try load()
        if let current = ring.current, access(directory.path, W_OK | X_OK) != 0 {
            throw Self.notDeleted(privateKeyURL(current.id), reason: String(cString: strerror(errno)), rotated: false)
        }
        let info = try generate(algorithm, now: now)
        for i in ring.keys.indices where ring.keys[i].retired == nil { ring.keys[i].retired = now }
        ring.keys.append(info)
        try save(ring)
        for old in ring.keys where old.retired != nil {
            let url = privateKeyURL(old.id)
            guard unlink(url.path) == 0 || errno == ENOENT else {
                throw Self.notDeleted(url, reason: String(cString: strerror(errno)), rotated: true)
            }
        }
        return ring
    }

    /// `key-not-deleted`: a retired private key that could not be deleted, with the OS reason.
    static func notDeleted(_ url: URL, reason: String, rotated: Bool) -> ApplianceError {
        let state = rotated
            ? "the new key is current and the old one retired, but its private key is still on disk; delete it, or run `airlock keys rotate` again"
            : "nothing was changed"
        return ApplianceError(.internalError, "cannot delete the retired private key \(url.path): \(reason); \(state)",
                              code: "key-not-deleted", file: url.path)
    }

    /// Declares a retired key (id or unambiguous prefix) no longer trusted. The current key cannot be
    /// distrusted: rotate first, so the appliance always has one trusted signing key.
    public func distrust(_ id: String, reason: String, now: Date = Date()) throws(ApplianceError) -> ApplianceKeyRing {
        guard !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw ApplianceError(.badInput, "distrusting a key needs a reason", field: "--reason")
        }
        var ring = try load()
        guard let key = ring.key(matching: id), let index = ring.keys.firstIndex(where: { $0.id == key.id }) else {
            throw ApplianceError(.badInput, "no key matches \"\(id)\" (or the prefix is ambiguous)", code: "unknown-key", field: "key")
        }
        guard !key.isCurrent else {
            throw ApplianceError(.badInput, "key \(key.id.prefix(16)) is the current signing key; run `airlock keys rotate` first", field: "key")
        }
        guard key.isTrusted else { throw ApplianceError(.badInput, "key \(key.id.prefix(16)) is already distrusted", field: "key") }
        ring.keys[index].distrusted = Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down))
        ring.keys[index].distrustReason = reason
        try save(ring)
        return ring
    }

    /// Reads the key ring; a missing ring is bad input that says how to make one. Parsed once per process
    /// while the file stays the same (`ApplianceKeyCache`).
    public func load() throws(ApplianceError) -> ApplianceKeyRing {
        try ApplianceKeyCache.ring(path: ringURL.path) { () throws(ApplianceError) in try read() }
    }

    /// Reads and parses the key ring file.
    private func read() throws(ApplianceError) -> ApplianceKeyRing {
        guard FileManager.default.fileExists(atPath: ringURL.path) else {
            throw ApplianceError(.badInput, "the appliance has no signing key; run `airlock keys init` first", file: ringURL.path)
        }
        let data = try readLimitedFile(ringURL.path, limit: Limits.default.maxMetadataBytes)
        let ring: ApplianceKeyRing
        do {
            ring = try Self.decoder.decode(ApplianceKeyRing.self, from: data)
        } catch {
            throw ApplianceError(.badInput, "the key ring does not parse: \(error)", file: ringURL.path)
        }
        guard ring.keys.filter(\.isCurrent).count == 1 else {
            throw ApplianceError(.badInput, "the key ring must have exactly one current key", file: ringURL.path)
        }
        return ring
    }

    /// The current key, ready to sign; checks that the private key matches the ring's public key.
    func signingKey() throws(ApplianceError) -> (ring: ApplianceKeyRing, key: PrivateKey, info: ApplianceKeyInfo) {
        let ring = try load()
        guard let info = ring.current else { throw ApplianceError(.badInput, "the key ring has no current key", file: ringURL.path) }
        let url = privateKeyURL(info.id)
        try requirePrivate(url)
        // Cached by file (its name is the key id it was checked against), read afresh when the file changes.
        let key = try ApplianceKeyCache.privateKey(path: url.path) { () throws(ApplianceError) -> PrivateKey in
            let pem = try readLimitedFile(url.path, limit: Limits.default.maxMetadataBytes)
            let key: PrivateKey
            do {
                key = try PrivateKey(pem: String(decoding: pem, as: UTF8.self))
            } catch {
                throw ApplianceError(.badInput, "the private key does not decode", file: url.path)
            }
            guard Self.keyID(key.publicKey) == info.id else {
                throw ApplianceError(.badInput, "the private key does not match key \(info.id) in the key ring", file: url.path)
            }
            return key
        }
        return (ring, key, info)
    }

    /// Every key of the ring, decoded, by id (for verifying approvals, old ones included).
    func publicKeys() throws(ApplianceError) -> [String: PublicKey] {
        let ring = try load()
        return try ApplianceKeyCache.publicKeys(path: ringURL.path, ring: ring) { () throws(ApplianceError) -> [String: PublicKey] in
            var out: [String: PublicKey] = [:]
            for info in ring.keys {
                do {
                    out[info.id] = try PublicKey(pem: info.publicKeyPEM)
                } catch {
                    throw ApplianceError(.badInput, "public key \(info.id) does not decode", file: ringURL.path)
                }
            }
            return out
        }
    }

    /// The key id Airlock uses: lowercase hex SHA-256 of the DER SubjectPublicKeyInfo.
    static func keyID(_ key: PublicKey) -> String { Hex.encode(Digest.sha256(key.spkiDER)) }

    var ringURL: URL { directory.appendingPathComponent("keyring.json") }

    func privateKeyURL(_ id: String) -> URL { directory.appendingPathComponent("\(id).key.pem") }

    func publicKeyURL(_ id: String) -> URL { directory.appendingPathComponent("\(id).pub.pem") }
}
