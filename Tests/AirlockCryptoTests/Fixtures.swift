import AirlockCrypto
import AirlockTestKit
import Foundation

/// Real Sigstore material read from the corpus: a public-good Fulcio leaf with its tlog time, the
/// public-good and staging CA chains, CT log keys and TSA chains from the trusted roots.
enum Fixtures {
    /// sigstore-rs `bundle_v03.json`: a GitHub Actions leaf from public-good Fulcio (2026-04-09).
    static let publicGoodBundle = "sigstore/sigstore-rs/bundle_v03.json"
    /// sigstore-python `bundle_v3.txt.sigstore`: an e-mail leaf from staging Fulcio (2024-04-02).
    static let stagingBundle = "sigstore/sigstore-python/assets/bundle_v3.txt.sigstore"
    static let publicGoodRoot = "tuf/sigstore-root-signing/targets/trusted_root.json"
    static let stagingRoot = "sigstore/sigstore-python/embedded-trust/tuf-repo-cdn.sigstage.dev/trusted_root.json"

    static func json(_ path: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Corpus.data(path)) as? [String: Any] ?? [:]
    }

    /// The leaf certificate and the first tlog entry's integrated time of a bundle.
    static func leaf(_ bundlePath: String) throws -> (certificate: Certificate, integratedTime: Date) {
        let material = try json(bundlePath)["verificationMaterial"] as? [String: Any] ?? [:]
        let raw = (material["certificate"] as? [String: Any])?["rawBytes"] as? String ?? ""
        let entry = (material["tlogEntries"] as? [[String: Any]])?.first ?? [:]
        let seconds = Double(entry["integratedTime"] as? String ?? "") ?? 0
        return (try Certificate(der: Data(base64Encoded: raw) ?? Data()), Date(timeIntervalSince1970: seconds))
    }

    /// The certificate chains of a trusted root section (`certificateAuthorities` or `timestampAuthorities`).
    static func chains(_ rootPath: String, _ section: String) throws -> [[Certificate]] {
        let authorities = try json(rootPath)[section] as? [[String: Any]] ?? []
        return try authorities.map { authority in
            let certificates = (authority["certChain"] as? [String: Any])?["certificates"] as? [[String: Any]] ?? []
            return try certificates.map { try Certificate(der: Data(base64Encoded: $0["rawBytes"] as? String ?? "") ?? Data()) }
        }
    }

    /// The CT log keys of a trusted root, by hex log ID.
    static func ctLogKeys(_ rootPath: String) throws -> [String: PublicKey] {
        let logs = try json(rootPath)["ctlogs"] as? [[String: Any]] ?? []
        var keys: [String: PublicKey] = [:]
        for log in logs {
            let id = Data(base64Encoded: (log["logId"] as? [String: Any])?["keyId"] as? String ?? "") ?? Data()
            let raw = (log["publicKey"] as? [String: Any])?["rawBytes"] as? String ?? ""
            keys[id.hex] = try PublicKey(spkiDER: Data(base64Encoded: raw) ?? Data())
        }
        return keys
    }

    /// The public-good Fulcio chain that issued current leaves: [intermediate, root].
    static func publicGoodFulcio() throws -> [Certificate] {
        try require(chains(publicGoodRoot, "certificateAuthorities").last)
    }

    static func require<T>(_ value: T?) throws -> T {
        guard let value else { throw CryptoError(.invalidInput, "fixture missing") }
        return value
    }
}
