import Foundation
import AirlockCrypto
import AirlockFormats

/// One accepted timestamp or snapshot: its version and the entry it lists for the next role.
struct TUFStep {
    /// The accepted version.
    let version: Int
    /// What it lists for the next file.
    let listed: TUFMetaFile
}

extension TUFUpdater {
    /// Parses a root, mapping parse failures to `tuf.malformed-metadata`.
    static func parseRoot(_ data: Data, file: String, limits: Limits) throws(TUFError) -> TUFRoot {
        do { return try TUFRoot.parse(data, limits: limits) } catch { throw malformed(file, error) }
    }

    /// Parses a role's metadata.
    static func parse(_ data: Data, file: String, type: String, limits: Limits) throws(TUFError) -> TUFMetadata {
        do { return try TUFMetadata.parse(data, expectedType: type, limits: limits) } catch { throw malformed(file, error) }
    }

    /// Reads and parses a required metadata file.
    static func load(_ file: String, type: String, files: TUFFiles, limits: Limits) throws(TUFError) -> TUFMetadata {
        guard let data = files.metadata(file) else { throw TUFError(.missingMetadata, "not in the directory", file: file) }
        return try parse(data, file: file, type: type, limits: limits)
    }

    /// `V.role.json` with consistent snapshots (falling back to `role.json`, as a mirror stores the current one).
    static func versioned(_ role: String, _ version: Int, consistent: Bool, files: TUFFiles) throws(TUFError) -> (String, Data) {
        let names = consistent ? ["\(version).\(role).json", "\(role).json"] : ["\(role).json"]
        for name in names { if let data = files.metadata(name) { return (name, data) } }
        throw TUFError(.missingMetadata, "not in the directory", file: names[0])
    }

    /// Expired at `at` is refused unless within `grace`, which is then noted.
    static func checkExpiry(_ metadata: TUFMetadata, file: String, at: Date, grace: TimeInterval, notes: inout [String]) throws(TUFError) {
        guard metadata.expires <= at else { return }
        let expiry = RFC3339.format(metadata.expires)
        guard grace > 0, at.timeIntervalSince(metadata.expires) <= grace else {
            throw TUFError(.expired, "\(metadata.type) version \(metadata.version) expired at \(expiry)", file: file)
        }
        notes.append("\(metadata.type) v\(metadata.version) expired at \(expiry), accepted within the \(Int(grace))s grace period")
    }

    /// The listed length and every listed sha256/sha512 must match; `requireHash` refuses a listing with neither.
    static func checkLengthAndHashes(_ data: Data, length: Int?, hashes: [String: String], file: String, requireHash: Bool = false) throws(TUFError) {
        if let length, data.count != length {
            throw TUFError(.lengthMismatch, "\(data.count) bytes, listed as \(length)", file: file)
        }
        var checked = 0
        for (name, algorithm) in [("sha256", DigestAlgorithm.sha256), ("sha512", .sha512)] {
            guard let expected = hashes[name] else { continue }
            let actual = Hex.encode(Digest.hash(data, using: algorithm))
            guard actual == expected else { throw TUFError(.hashMismatch, "\(name) is \(actual), listed as \(expected)", file: file) }
            checked += 1
        }
        if requireHash && checked == 0 {
            throw TUFError(.hashMismatch, "no sha256 or sha512 listed", file: file)
        }
    }

    /// A parse failure as `tuf.malformed-metadata` with the parser's reason.
    static func malformed(_ file: String, _ error: any Error) -> TUFError {
        let reason = (error as? FormatError).map { "\($0.field.map { "\($0): " } ?? "")\($0.reason)" } ?? "\(error)"
        return TUFError(.malformedMetadata, reason, file: file)
    }
}
