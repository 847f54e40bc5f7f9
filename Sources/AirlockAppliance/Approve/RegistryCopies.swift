import Foundation
import AirlockFormats

/// One manifest of an approval's exported OCI layout and where it goes in the site's registry: the
/// approved image (by its tag), its cosign `.att` manifest (by the `sha256-<hex>.att` tag) and its OCI 1.1
/// referrer (by digest: a registry with the referrers API finds it through its `subject`). The commands
/// are plain `skopeo`, with the registry as the shell variable `REGISTRY`; `--preserve-digests` makes
/// skopeo fail rather than re-encode, so every digest a VSA names arrives unchanged.
public struct RegistryCopy: Sendable, Codable, Equatable {
    /// What the manifest is.
    public enum Kind: String, Sendable, Codable {
        /// The approved image (or image index).
        case image
        /// The cosign attestation manifest holding the VSA's DSSE envelope.
        case attestation
        /// The OCI 1.1 referrer holding the VSA as a Sigstore bundle.
        case referrer
    }

    /// What the manifest is.
    public var kind: Kind
    /// The approved image digest it belongs to (`sha256:<hex>`).
    public var imageDigest: String
    /// Its name in `oci/index.json` (`org.opencontainers.image.ref.name`), as skopeo's `oci:` transport takes it.
    public var layoutName: String
    /// The repository in the site registry.
    public var repository: String
    /// The manifest's own digest.
    public var manifestDigest: String
    /// The tag it is pushed under, or nil when pushed by digest.
    public var tag: String?

    /// `repo:tag` or `repo@sha256:…`.
    public var destination: String { repository + (tag.map { ":" + $0 } ?? "@" + manifestDigest) }

    /// `skopeo copy` from the layout (`oci/` beside the README) into `$REGISTRY`.
    public var copyCommand: String {
        let all = kind == .image ? "--all " : ""
        return "skopeo copy \(all)--preserve-digests \(Self.shellQuoted("oci:oci:" + layoutName)) \"docker://${REGISTRY}/\(destination)\""
    }

    /// `skopeo delete` of exactly this manifest (by digest), for `airlock revoke`'s clean-up.
    public var deleteCommand: String {
        "skopeo delete \"docker://${REGISTRY}/\(repository)@\(manifestDigest)\""
    }

    /// The tag suffix naming the referrer in the layout (`<repo>:sha256-<hex>.sigstore-bundle`), so tools
    /// that address layout entries only by name (skopeo) can copy it; it is pushed by digest, not by this tag.
    static let referrerSuffix = ".sigstore-bundle"

    /// The repository used for an image approved under a bare digest (no repository to copy it to).
    static let fallbackRepository = "airlock/approved"

    /// The copies an exported layout's `index.json` describes, images first, each followed by its
    /// attestation and referrer.
    static func plan(_ index: OCIIndex) -> [RegistryCopy] {
        var images: [RegistryCopy] = []
        var attached: [RegistryCopy] = []
        for entry in index.manifests {
            guard let name = entry.annotation(OCIAnnotation.refName) else { continue }
            let digest = entry.digest.description
            if entry.artifactType == MediaType.sigstoreBundleV03 || entry.annotation(OCIAnnotation.cosignKind) == "dev.cosignproject.cosign/atts" {
                let tag = name.split(separator: ":").last.map(String.init) ?? name
                guard tag.hasPrefix("sha256-") else { continue }
                let subject = "sha256:" + tag.dropFirst("sha256-".count).prefix(64)
                let isReferrer = entry.artifactType == MediaType.sigstoreBundleV03
                attached.append(RegistryCopy(kind: isReferrer ? .referrer : .attestation, imageDigest: subject, layoutName: name,
                                             repository: repository(of: name), manifestDigest: digest, tag: isReferrer ? nil : tag))
            } else {
                let repository = repository(of: name)
                let rest = name.hasPrefix("sha256:") ? "" : String(name.dropFirst(ApprovalStatements.repositoryName(name).count))
                let tag = rest.hasPrefix(":") ? String(rest.dropFirst().split(separator: "@").first ?? "") : nil
                images.append(RegistryCopy(kind: .image, imageDigest: digest, layoutName: name, repository: repository,
                                           manifestDigest: digest, tag: tag?.isEmpty == false ? tag : nil))
            }
        }
        var out: [RegistryCopy] = []
        for image in images {
            out.append(image)
            for var copy in attached.filter({ $0.imageDigest == image.imageDigest }) {
                if copy.repository.isEmpty || copy.repository == fallbackRepository { copy.repository = image.repository }
                out.append(copy)
            }
        }
        return out
    }

    /// Reads `oci/index.json` of an exported approval and plans its copies (nil when it is gone or unreadable).
    static func plan(layout directory: URL) -> [RegistryCopy]? {
        let url = directory.appendingPathComponent("index.json")
        guard let data = try? readLimitedFile(url.path, limit: Limits.default.maxMetadataBytes),
              let index = try? OCIIndex.parse(data, limits: .default) else { return nil }
        return plan(index)
    }

    /// The repository in the site registry for a layout name: its repository path without the registry it
    /// came from (`ghcr.io/org/app:1.0` → `org/app`, as a mirror lays it out; a host with a port could not
    /// follow `$REGISTRY/` anyway); a bare digest or tag has none (`fallbackRepository`).
    static func repository(of name: String) -> String {
        guard !name.hasPrefix("sha256:"), !name.hasPrefix("sha256-") else { return fallbackRepository }
        var components = ApprovalStatements.repositoryName(name).split(separator: "/").map(String.init)
        if components.count > 1, let first = components.first, first.contains(".") || first.contains(":") || first == "localhost" {
            components.removeFirst()
        }
        return components.isEmpty ? fallbackRepository : components.joined(separator: "/")
    }

    /// Single-quotes a word for a POSIX shell.
    static func shellQuoted(_ word: String) -> String {
        "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
