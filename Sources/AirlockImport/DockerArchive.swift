import Foundation
import AirlockFormats
import AirlockStore

/// A legacy `docker save` archive (also what `skopeo copy … docker-archive:` writes): `manifest.json`
/// lists images as `{"Config": "<hex>.json", "RepoTags": [...], "Layers": ["<hex>.tar" | "<id>/layer.tar"]}`.
///
/// Each entry becomes an image named by its `RepoTags`. Such an archive keeps no registry manifest, so the
/// image's digest is its **config digest** (Docker's image id). The config must hash to the hex in its
/// file name; each layer must hash to the hex in its name or, for `<id>/layer.tar`, to the config's
/// `rootfs.diff_ids` entry at the same position. A mismatch refuses the import; an absent file is a
/// missing blob. Paths are resolved logically against the archive (no `..` above its folder).
struct DockerArchive {
    /// The media type recorded for such images (the config's: there is no manifest).
    static let configMediaType = "application/vnd.docker.container.image.v1+json"
    static let fileName = "manifest.json"

    let view: ArchiveView
    /// The folder holding `manifest.json` (`""` for the root).
    let root: String

    /// The folders of `manifest.json` files that are not beside an OCI layout (Docker 25+ writes both;
    /// the layout, which keeps manifest digests, is preferred).
    static func roots(in view: ArchiveView, layoutRoots: [String]) -> [String] {
        view.files.keys.filter { $0 == fileName || $0.hasSuffix("/" + fileName) }
            .map { String($0.dropLast(fileName.count + ($0 == fileName ? 0 : 1))) }
            .filter { !layoutRoots.contains($0) }.sorted()
    }

    /// Adds the archive's images to `findings`. A `manifest.json` that is not Docker's shape is ignored
    /// (it is an ordinary file); one that is must be consistent.
    func discover(into findings: inout Findings) throws(ImportError) {
        let manifestPath = path(Self.fileName)
        let data = try view.read(manifestPath)
        guard let entries = (try? JSONValue.parse(data, limits: view.limits))?.arrayValue,
              !entries.isEmpty, entries.allSatisfy({ $0.objectValue?["Config"]?.stringValue != nil }) else { return }
        for entry in entries {
            guard let object = entry.objectValue, let config = object["Config"]?.stringValue else { continue }
            let tags = object["RepoTags"]?.arrayValue?.compactMap(\.stringValue) ?? []
            let layers = object["Layers"]?.arrayValue?.compactMap(\.stringValue) ?? []
            try addImage(config: config, layers: layers, names: tags, findings: &findings)
        }
    }

    private func addImage(config: String, layers: [String], names: [String], findings: inout Findings) throws(ImportError) {
        let configPath = try resolve(config)
        guard let configHex = Self.hexInName(configPath) else {
            throw ImportError(.invalidLayout, "docker config name does not carry its sha256", entry: configPath)
        }
        var missing: [String] = []
        var diffIDs: [String] = []
        if let file = view.files[configPath] {
            guard file.sha256 == configHex else {
                throw ImportError(.digestMismatch, "content hashes to sha256:\(file.sha256), not its file name", entry: configPath)
            }
            let json = try? JSONValue.parse(view.read(configPath), limits: view.limits)
            diffIDs = json?.objectValue?["rootfs"]?.objectValue?["diff_ids"]?.arrayValue?.compactMap(\.stringValue) ?? []
            findings.mediaTypes[configHex] = Self.configMediaType
        } else {
            missing.append("sha256:\(configHex)")
        }
        for (position, layer) in layers.enumerated() {
            let layerPath = try resolve(layer)
            let expected = Self.hexInName(layerPath).map { "sha256:\($0)" } ?? (position < diffIDs.count ? diffIDs[position] : nil)
            guard let expected else {
                throw ImportError(.invalidLayout, "layer \(position) has no digest in its name and none in the config's diff_ids", entry: layerPath)
            }
            guard let file = view.files[layerPath] else {
                if !missing.contains(expected) { missing.append(expected) }
                continue
            }
            guard "sha256:\(file.sha256)" == expected else {
                throw ImportError(.digestMismatch, "content hashes to sha256:\(file.sha256), expected \(expected)", entry: layerPath)
            }
            if position < diffIDs.count, diffIDs[position] != expected {
                throw ImportError(.digestMismatch, "layer \(position) is \(expected), the config's diff_ids say \(diffIDs[position])", entry: layerPath)
            }
        }
        if !diffIDs.isEmpty, diffIDs.count != layers.count {
            throw ImportError(.invalidLayout, "\(layers.count) layers listed, the config has \(diffIDs.count) diff_ids", entry: configPath)
        }
        findings.addImage(ImageRecord(bundleID: findings.bundleID, digest: "sha256:\(configHex)", names: names,
                                      mediaType: Self.configMediaType, platforms: [], missingBlobs: missing,
                                      parentDigest: nil, layoutPath: root))
    }

    private func path(_ relative: String) -> String { root.isEmpty ? relative : root + "/" + relative }

    /// A path named in `manifest.json`, normalised within the archive; `..` above the root is refused.
    private func resolve(_ name: String) throws(ImportError) -> String {
        let normalised = try EntryPath.normalise(Array(path(name).utf8), limits: view.limits)
        guard normalised.hasPrefix(root) else {
            throw ImportError(.unsafePath, "manifest.json names \(name) outside its folder", entry: path(Self.fileName))
        }
        return normalised
    }

    /// The 64 hex digits a blob's name carries: `<hex>.json`, `<hex>.tar`, `blobs/sha256/<hex>`.
    static func hexInName(_ path: String) -> String? {
        var name = Substring(path.split(separator: "/").last ?? "")
        for suffix in [".json", ".tar"] where name.hasSuffix(suffix) { name = name.dropLast(suffix.count) }
        guard name.count == 64, (try? ContentDigest.sha256(hex: String(name))) != nil else { return nil }
        return String(name)
    }
}
