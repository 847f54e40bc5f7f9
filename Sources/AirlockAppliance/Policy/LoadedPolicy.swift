public import Foundation
import AirlockCrypto
public import AirlockFormats
public import AirlockVerify

/// A policy file as read: its bytes, their SHA-256 (the policy's identity) and the validated policy.
public struct LoadedPolicy: Sendable {
    /// The file bytes, stored by digest with every verdict.
    public let bytes: Data
    /// Lowercase hex SHA-256 of `bytes`.
    public let sha256: String
    /// The validated policy.
    public let policy: SitePolicy
    /// The directory relative trust-root paths are resolved against (nil on replay: never read).
    public let directory: URL?
    /// The state directory whose stored trust roots (`airlock trustroot add`) a rule may name; nil when
    /// the names come from a recorded verdict (replay) or no state is at hand.
    public let stateDirectory: URL?

    /// Parses and validates policy bytes (YAML or JSON). A rule may name an embedded root, a root the
    /// policy declares, or one of `knownTrustRoots` (stored roots; on replay, the recorded verdict's).
    public init(bytes: Data, directory: URL?, knownTrustRoots: Set<String> = [], stateDirectory: URL? = nil) throws(SitePolicyError) {
        self.bytes = bytes
        self.sha256 = Hex.encode(Digest.sha256(bytes))
        self.policy = try SitePolicy.parse(PolicyDocument.parse(bytes), pinnedTrustRoots: Set(TrustRootSource.pinnedNames),
                                        otherTrustRoots: knownTrustRoots)
        self.directory = directory
        self.stateDirectory = stateDirectory
    }

    /// Reads and validates the policy file at `path`; with a `stateDirectory`, its stored trust roots
    /// may be named by the rules.
    public static func load(path: String, limits: Limits = .default, stateDirectory: URL? = nil) throws(ApplianceError) -> LoadedPolicy {
        let bytes = try readLimitedFile(path, limit: limits.maxJSONBytes)
        var stored: Set<String> = []
        if let stateDirectory, FileManager.default.fileExists(atPath: stateDirectory.appendingPathComponent("airlock.sqlite").path) {
            let embedded = Set(TrustRootSource.pinnedNames)
            stored = Set(try TrustRootLibrary(stateDirectory: stateDirectory, limits: limits).list().trustRoots.map(\.name)).subtracting(embedded)
        }
        do {
            return try LoadedPolicy(bytes: bytes, directory: URL(fileURLWithPath: path).deletingLastPathComponent(),
                                    knownTrustRoots: stored, stateDirectory: stored.isEmpty ? nil : stateDirectory)
        } catch {
            throw ApplianceError(error, file: path)
        }
    }

    /// The bytes of every trust root the rules name: pinned ones from the binary, declared ones from
    /// their files (relative to the policy's directory).
    func trustRootBytes(limits: Limits) throws(ApplianceError) -> [(name: String, bytes: Data)] {
        var out: [(String, Data)] = []
        for (name, source) in try trustRootSources(limits: limits) {
            out.append((name, try source.bytes(limits: limits)))
        }
        return out
    }

    /// Where each trust root the rules use comes from: declared files resolved against the policy's
    /// directory, else a root stored in the state directory under that name, else the embedded one.
    func trustRootSources(limits: Limits = .default) throws(ApplianceError) -> [(name: String, source: TrustRootSource)] {
        var out: [(name: String, source: TrustRootSource)] = []
        for name in policy.usedTrustRoots {
            if let declared = policy.trustRoots.first(where: { $0.name == name }) {
                let path = declared.path.hasPrefix("/") || directory == nil
                    ? declared.path : (directory!.appendingPathComponent(declared.path).path)
                out.append((name, .file(path)))
            } else if let stateDirectory {
                out.append((name, try TrustRootLibrary(stateDirectory: stateDirectory, limits: limits).resolve(name)))
            } else {
                out.append((name, .pinned(name)))
            }
        }
        return out
    }
}

/// What `airlock policy check` reports.
public struct PolicyCheckReport: Sendable, Codable, Equatable {
    /// The policy file.
    public var file: String
    /// SHA-256 of its bytes: the policy's identity.
    public var sha256: String
    /// The policy's name.
    public var name: String
    /// How many rules it has.
    public var rules: Int
    /// The trust roots its rules name.
    public var trustRoots: [String]
    /// Advice that does not make the policy invalid (`path: reason`), such as overlapping signers.
    public var warnings: [String]
}

/// The policy lint use case.
public enum PolicyService {
    /// The version recorded in every verdict.
    public static let toolVersion = AirlockVersion.current

    /// Validates a policy file; throws a bad-input error naming the first problem and its path.
    /// Every trust root a rule uses must exist, be a regular file and parse: a policy that cannot be
    /// used is not reported valid.
    public static func check(path: String, limits: Limits = .default, stateDirectory: URL? = nil) throws(ApplianceError) -> PolicyCheckReport {
        let loaded = try LoadedPolicy.load(path: path, limits: limits, stateDirectory: stateDirectory)
        for source in try loaded.trustRootSources(limits: limits) {
            if case .file(let file) = source.source, let problem = InputFile.problem(file) {
                throw ApplianceError(.badInput, "trust root \(source.name): \(problem)", code: "unreadable", file: file,
                                     field: "trustRoots.\(source.name)")
            }
            _ = try source.source.material(limits: limits)
        }
        return PolicyCheckReport(file: path, sha256: loaded.sha256, name: loaded.policy.name, rules: loaded.policy.rules.count,
                                 trustRoots: loaded.policy.usedTrustRoots, warnings: loaded.policy.lintWarnings)
    }
}
