import Foundation
import AirlockCrypto
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The key ring and keys this process has already read and parsed, by file path, each kept with the
/// identity of the file it came from (device, inode, size, modification and change times). A lookup
/// `stat`s the file and uses the cached value only when the file is the very same: a `keys rotate` or
/// `distrust` (the ring is rewritten through a rename, a new inode) or any edit in another process is read
/// afresh. Saves each guard and checkpoint the file reads, JSON and PEM parsing and key creation.
enum ApplianceKeyCache {
    /// What `stat` says about a file: equal only when it is unchanged.
    struct FileIdentity: Equatable {
        var device: UInt64
        var inode: UInt64
        var size: Int64
        var modified: (Int, Int)
        var changed: (Int, Int)

        static func == (a: FileIdentity, b: FileIdentity) -> Bool {
            a.device == b.device && a.inode == b.inode && a.size == b.size && a.modified == b.modified && a.changed == b.changed
        }

        /// The identity of the file at `path`, or nil when it cannot be `stat`ed (the uncached read reports why).
        init?(path: String) {
            var info = stat()
            guard stat(path, &info) == 0 else { return nil }
            device = UInt64(info.st_dev)
            inode = UInt64(info.st_ino)
            size = Int64(info.st_size)
            #if canImport(Darwin)
            modified = (info.st_mtimespec.tv_sec, info.st_mtimespec.tv_nsec)
            changed = (info.st_ctimespec.tv_sec, info.st_ctimespec.tv_nsec)
            #else
            modified = (info.st_mtim.tv_sec, info.st_mtim.tv_nsec)
            changed = (info.st_ctim.tv_sec, info.st_ctim.tv_nsec)
            #endif
        }
    }

    /// A parsed key ring and its decoded public keys.
    struct Ring: @unchecked Sendable {
        var identity: FileIdentity
        var ring: ApplianceKeyRing
        var publicKeys: [String: PublicKey]?
    }

    /// A parsed private key.
    struct Key: @unchecked Sendable {
        var identity: FileIdentity
        var key: PrivateKey
    }

    private static let rings = Mutex<[String: Ring]>([:])
    private static let keys = Mutex<[String: Key]>([:])

    /// The cached ring of `path` if the file is unchanged, else `load()`'s result, cached.
    static func ring(path: String, load: () throws(ApplianceError) -> ApplianceKeyRing) throws(ApplianceError) -> ApplianceKeyRing {
        let identity = FileIdentity(path: path)
        if let identity, let cached = rings.withLock({ $0[path] }), cached.identity == identity { return cached.ring }
        let ring = try load()
        // Cached only when the file did not change while it was read.
        if let identity, FileIdentity(path: path) == identity {
            rings.withLock { $0[path] = Ring(identity: identity, ring: ring, publicKeys: nil) }
        }
        return ring
    }

    /// The cached public keys of the ring at `path` if the file is unchanged and they were decoded from
    /// the same ring, else `decode(ring)`'s result, cached with it.
    static func publicKeys(path: String, ring: ApplianceKeyRing,
                           decode: () throws(ApplianceError) -> [String: PublicKey]) throws(ApplianceError) -> [String: PublicKey] {
        let identity = FileIdentity(path: path)
        if let identity, let cached = rings.withLock({ $0[path] }), cached.identity == identity, cached.ring == ring,
           let keys = cached.publicKeys {
            return keys
        }
        let keys = try decode()
        rings.withLock { all in
            if let identity, all[path]?.identity == identity, all[path]?.ring == ring { all[path]?.publicKeys = keys }
        }
        return keys
    }

    /// The cached private key of `path` if the file is unchanged, else `load()`'s result, cached.
    static func privateKey(path: String, load: () throws(ApplianceError) -> PrivateKey) throws(ApplianceError) -> PrivateKey {
        let identity = FileIdentity(path: path)
        if let identity, let cached = keys.withLock({ $0[path] }), cached.identity == identity { return cached.key }
        let key = try load()
        if let identity, FileIdentity(path: path) == identity {
            keys.withLock { $0[path] = Key(identity: identity, key: key) }
        }
        return key
    }
}
