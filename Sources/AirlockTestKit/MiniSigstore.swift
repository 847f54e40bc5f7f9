public import Foundation
import AirlockCrypto

/// An in-process miniature Sigstore: a Fulcio-style CA, a CT log, a Rekor v1-style log, a Rekor
/// v2-style log and an RFC 3161 TSA, all with fresh keys, plus builders for good bundles, broken
/// variants and the matching `trusted_root.json`.
///
/// Times are fixed relative to `baseTime` (default 2025-06-01T00:00:00Z), so only key material and
/// ECDSA signatures vary between runs. Logs grow as bundles are made, so the value is mutated by
/// the bundle builders.
public struct MiniSigstore: Sendable {
    /// 2025-06-01T00:00:00Z.
    public static let defaultBaseTime = Date(timeIntervalSince1970: 1_748_736_000)

    /// The reference instant; every validity window is placed around it.
    public let baseTime: Date
    /// The Fulcio-style CA.
    public let fulcio: MiniFulcio
    /// The CT log whose SCTs are embedded in leaves.
    public let ctLog: MiniCTLog
    /// The Rekor v1-style log.
    public var rekorV1: MiniRekorV1Log
    /// The Rekor v2-style log.
    public var rekorV2: MiniRekorV2Log
    /// The timestamp authority.
    public let tsa: MiniTSA

    /// A fresh miniature Sigstore around `baseTime`.
    public init(baseTime: Date = MiniSigstore.defaultBaseTime) throws {
        self.baseTime = baseTime
        fulcio = try MiniFulcio(baseTime: baseTime)
        ctLog = MiniCTLog(key: try PrivateKey.generate(.ecdsaP256))
        rekorV1 = MiniRekorV1Log(key: try PrivateKey.generate(.ecdsaP256))
        rekorV2 = MiniRekorV2Log(key: try PrivateKey.generate(.ed25519))
        tsa = try MiniTSA(baseTime: baseTime)
    }

    /// The default signing instant: one hour after `baseTime`.
    public var defaultSigningTime: Date { baseTime.addingTimeInterval(3600) }

    /// The default start of every trust-root validity window: a year before `baseTime`.
    public var defaultValidityStart: Date { baseTime.addingTimeInterval(-365 * 86_400) }
}
