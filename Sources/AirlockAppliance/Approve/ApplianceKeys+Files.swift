import Foundation
import AirlockCrypto
import AirlockFormats
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension ApplianceKeys {
    static let encoder = ApplianceJSON.encoder()

    /// Reads the ring through the strict JSON parser, so its `Limits` apply; dates are RFC 3339.
    static let decoder = JSONValueDecoder()

    /// Creates the key directory with mode 0700 (and tightens an existing one).
    func makeDirectory() throws(ApplianceError) {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: directory.path)
        } catch {
            throw ApplianceError(.internalError, "cannot create the key directory: \(error.localizedDescription)", file: directory.path)
        }
    }

    /// Generates a key and writes its private half (mode 0600, created exclusively) and public half.
    func generate(_ algorithm: ApplianceKeyAlgorithm, now: Date) throws(ApplianceError) -> ApplianceKeyInfo {
        let key: PrivateKey
        do {
            key = try PrivateKey.generate(algorithm == .ed25519 ? .ed25519 : .ecdsaP256)
        } catch {
            throw ApplianceError(.internalError, "key generation failed: \(error)")
        }
        let id = Self.keyID(key.publicKey)
        try writeExclusive(Data(key.pem.utf8), to: privateKeyURL(id), mode: 0o600)
        try writeExclusive(Data(key.publicKey.pem.utf8), to: publicKeyURL(id), mode: 0o644)
        return ApplianceKeyInfo(id: id, algorithm: algorithm, created: Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down)),
                                retired: nil, publicKeyPEM: key.publicKey.pem)
    }

    /// Writes the ring through a temporary file and a rename, so a crash leaves the old ring or the new one.
    func save(_ ring: ApplianceKeyRing) throws(ApplianceError) {
        do {
            let data = try Self.encoder.encode(ring)
            try data.write(to: ringURL, options: .atomic)
        } catch {
            throw ApplianceError(.internalError, "cannot write the key ring: \(error.localizedDescription)", file: ringURL.path)
        }
    }

    /// Refuses a private key file that group or others may read or write: someone loosened it, and a
    /// signing key that others can read signs nothing.
    func requirePrivate(_ url: URL) throws(ApplianceError) {
        var info = stat()
        guard stat(url.path, &info) == 0 else { return }  // a missing file is reported by the read that follows
        let mode = info.st_mode & 0o777
        guard mode & 0o077 == 0 else {
            throw ApplianceError(.badInput, "the private key is accessible to group or others (mode \(String(mode, radix: 8))); run chmod 600 on it and consider rotating",
                                 code: "key-permissions", file: url.path)
        }
    }

    /// Creates `url` with `mode` from the start (no window where the file is readable by others); fails if it exists.
    private func writeExclusive(_ data: Data, to url: URL, mode: mode_t) throws(ApplianceError) {
        let fd = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else {
            throw ApplianceError(.internalError, "cannot create the key file: \(String(cString: strerror(errno)))", file: url.path)
        }
        defer { close(fd) }
        let written = data.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == data.count, fsync(fd) == 0 else {
            throw ApplianceError(.internalError, "cannot write the key file: \(String(cString: strerror(errno)))", file: url.path)
        }
    }
}
