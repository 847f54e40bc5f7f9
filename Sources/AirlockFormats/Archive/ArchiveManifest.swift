public import Foundation

/// `airlock-bundle.json`: an optional manifest at the root of a bundle naming the release and listing
/// every file with its SHA-256, so a truncated or tampered bundle is refused before anything is catalogued.
///
/// Format (UTF-8 JSON, at most `Limits.maxMetadataBytes`):
/// ```json
/// { "name": "shop-2024.06",
///   "files": [ { "path": "oci/index.json", "sha256": "<64 lowercase hex>" }, … ] }
/// ```
/// - `name`: non-empty; becomes the bundle's name in the catalogue.
/// - `files`: every regular file of the archive except `airlock-bundle.json` itself, each exactly once,
///   `path` in normalised form (no `./`, no `..`, no leading `/`). Unknown keys are ignored.
///
/// Parsing is pure (this type); checking against the archive is the importer's. The import fails
/// (`manifest-mismatch`) when a listed file is missing or differs, or when the archive
/// holds a file the manifest does not list.
public struct ArchiveManifest: Codable, Sendable, Equatable {
    /// The file name at the archive root.
    public static let fileName = "airlock-bundle.json"

    /// One listed file.
    public struct File: Codable, Sendable, Equatable {
        /// Normalised path inside the archive.
        public var path: String
        /// SHA-256 of the content, lowercase hex.
        public var sha256: String

        /// Makes an entry.
        public init(path: String, sha256: String) {
            self.path = path
            self.sha256 = sha256
        }
    }

    /// The release name.
    public var name: String
    /// Every file of the bundle.
    public var files: [File]

    /// Makes a manifest.
    public init(name: String, files: [File]) {
        self.name = name
        self.files = files
    }

    /// Parses and checks the manifest's own shape (name, path forms, digest forms, no duplicates).
    public static func parse(_ data: Data, limits: Limits = .default) throws(FormatError) -> ArchiveManifest {
        let manifest = try OCIJSON.decode(ArchiveManifest.self, from: data, limits: limits)
        guard !manifest.name.isEmpty else { throw FormatError(.invalidField, "name is empty", field: "name") }
        var seen = Set<String>()
        for (index, file) in manifest.files.enumerated() {
            guard isNormalisedPath(file.path, limits: limits) else {
                throw FormatError(.invalidField, "path \"\(file.path)\" is not a normalised relative path", field: "files[\(index)].path")
            }
            guard (try? ContentDigest.sha256(hex: file.sha256)) != nil else {
                throw FormatError(.invalidField, "sha256 must be 64 lowercase hex characters", field: "files[\(index)].sha256")
            }
            guard seen.insert(file.path).inserted else {
                throw FormatError(.invalidField, "path \"\(file.path)\" is listed twice", field: "files[\(index)].path")
            }
        }
        return manifest
    }

    /// Whether `path` is already in the normal form the importer gives archive entries: non-empty,
    /// at most `limits.maxPathBytes` bytes, no control characters, relative, and no empty, `.` or
    /// `..` components (so no `./` prefix, repeated or trailing slash).
    public static func isNormalisedPath(_ path: String, limits: Limits = .default) -> Bool {
        guard !path.isEmpty, path.utf8.count <= limits.maxPathBytes,
              !path.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else { return false }
        return path.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { !$0.isEmpty && $0 != "." && $0 != ".." }
    }
}
