public import Foundation
import AirlockCrypto
public import AirlockFormats
import AirlockVerify

/// Where a trust root comes from: one pinned into the binary (by name), or a file the operator names.
public enum TrustRootSource: Sendable, Equatable, CustomStringConvertible {
    /// A root pinned into the binary from `trustroot/<name>/trusted_root.json`.
    case pinned(String)
    /// A `trusted_root.json` file.
    case file(String)
    /// A root kept in the store under a name (`airlock trustroot add`), with its bytes as read from the blob store.
    case stored(name: String, bytes: Data)

    /// The default: the Sigstore public-good root.
    public static let `default` = TrustRootSource.pinned("public-good")

    /// The names of the pinned roots.
    public static var pinnedNames: [String] { PinnedTrustRoots.all.map(\.name) }

    /// The root `--trust-root NAME` means: a root stored under `NAME` in `stateDirectory` first, then an
    /// embedded one (`unknown-trust-root` when neither exists).
    public static func named(_ name: String, stateDirectory: URL, limits: Limits = .default) throws(ApplianceError) -> TrustRootSource {
        try TrustRootLibrary(stateDirectory: stateDirectory, limits: limits).resolve(name)
    }

    /// The raw bytes of the root.
    func bytes(limits: Limits) throws(ApplianceError) -> Data {
        switch self {
        case .pinned(let name):
            guard let entry = PinnedTrustRoots.all.first(where: { $0.name == name }),
                  let data = Data(base64Encoded: entry.base64) else {
                throw ApplianceError(.badInput, "no pinned trust root named \(name) (pinned: \(Self.pinnedNames.joined(separator: ", ")))")
            }
            return data
        case .file(let path):
            return try readLimitedFile(path, limit: limits.maxJSONBytes)
        case .stored(_, let bytes):
            return bytes
        }
    }

    /// Parses the root and prepares its keys and certificate pools.
    func material(limits: Limits) throws(ApplianceError) -> TrustMaterial {
        let data = try bytes(limits: limits)
        do {
            return try TrustMaterial(json: data, limits: limits)
        } catch let error as FormatError {
            throw ApplianceError.from(error, file: description)
        } catch {
            throw ApplianceError(.badInput, "\(error)", file: description)
        }
    }

    /// `pinned:public-good` or the path.
    public var description: String {
        switch self {
        case .pinned(let name): return "pinned:\(name)"
        case .file(let path): return path
        case .stored(let name, _): return "stored:\(name)"
        }
    }
}

/// Parses an RFC 3339 instant (`2024-05-01T12:00:00Z`, fractions and offsets allowed).
public func parseInstant(_ text: String, field: String = "--at") throws(ApplianceError) -> Date {
    guard let date = RFC3339.parse(text) else {
        throw ApplianceError(.badInput, "\"\(text)\" is not an RFC 3339 instant (e.g. 2024-05-01T12:00:00Z)", code: "bad-option", field: field)
    }
    return date
}

/// Formats an instant as RFC 3339 in UTC, with fractional seconds only when present.
public func formatInstant(_ date: Date) -> String {
    RFC3339.format(date, .truncatedMillisecondsIfFractional)
}
