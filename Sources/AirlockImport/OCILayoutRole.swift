import AirlockFormats

/// What an index entry is for, read from cosign-save's or Hauler's `kind` annotation, else from its tag:
/// the tag part of `org.opencontainers.image.ref.name`, `io.containerd.image.name` or
/// `org.opencontainers.image.base.name` (`repo:sha256-<hex>.sig` as skopeo and crane write it).
enum OCILayoutRole: Equatable {
    /// An image (or an index of images), or anything not recognised as evidence.
    case plain
    /// `sha256-<hex>.sig`, or `kind: dev.cosignproject.cosign/sigs` / `dev.hauler/sigs`; the subject when the tag names it.
    case signatures(subject: String?)
    /// `sha256-<hex>.att`, or `kind: dev.cosignproject.cosign/atts` / `dev.hauler/atts`.
    case attestations(subject: String?)
    /// `sha256-<hex>.sbom` or an `…/sboms` kind: an SBOM attachment, not evidence Airlock verifies.
    case sbom(subject: String?)
    /// `sha256-<hex>`: the OCI 1.1 referrers fallback tag (an index listing referrers) or cosign's
    /// tag-fallback manifest for that digest; never an image.
    case referrersTag(subject: String)
    /// `kind: dev.hauler/referrers/<hex>` (or cosign's) under the image's own name: an OCI 1.1 referrer that
    /// its own `subject` field links; never an image.
    case referrer

    /// containerd's (and Docker 25+ `docker save`'s, and Hauler's) full image name annotation.
    static let containerdImageName = "io.containerd.image.name"

    /// Kind annotation values that mark an entry as an image.
    static let imageKinds: Set<String> = [
        "dev.cosignproject.cosign/image", "dev.cosignproject.cosign/imageIndex", "dev.hauler/image", "dev.hauler/imageIndex",
    ]

    /// The role of a top-level `index.json` entry. An evidence `kind` wins over a tag (Hauler tags its
    /// signature entries with the image's own name); a `sha256-<hex>` tag wins over an image kind.
    static func of(_ descriptor: OCIDescriptor) -> OCILayoutRole {
        let tagged = tags(of: descriptor).lazy.compactMap(fromTag).first
        let subject = tagged?.subject
        switch descriptor.annotation(OCIAnnotation.cosignKind) {
        case "dev.cosignproject.cosign/sigs", "dev.hauler/sigs": return .signatures(subject: subject)
        case "dev.cosignproject.cosign/atts", "dev.hauler/atts": return .attestations(subject: subject)
        case "dev.cosignproject.cosign/sboms", "dev.hauler/sboms": return .sbom(subject: subject)
        case let kind? where kind.hasPrefix("dev.hauler/referrers/") || kind.hasPrefix("dev.cosignproject.cosign/referrers/"):
            // An OCI 1.1 referrer: its own `subject` links it (a manifest without one is still never an image).
            return subject.map { .referrersTag(subject: $0) } ?? .referrer
        default: return tagged ?? .plain
        }
    }

    /// Whether the role is the referrers fallback tag `sha256-<hex>`.
    var isReferrersTag: Bool {
        if case .referrersTag = self { return true } else { return false }
    }

    /// The digest a role speaks about, when known.
    var subject: String? {
        switch self {
        case .plain, .referrer: return nil
        case .signatures(let subject), .attestations(let subject), .sbom(let subject): return subject
        case .referrersTag(let subject): return subject
        }
    }

    /// The candidate tags of an entry: each name annotation itself and the part after its last `:`
    /// (when that part has no `/`, so a registry port is not taken for a tag).
    static func tags(of descriptor: OCIDescriptor) -> [String] {
        var tags: [String] = []
        for key in [OCIAnnotation.refName, containerdImageName, OCIAnnotation.baseName] {
            guard let name = descriptor.annotation(key) else { continue }
            tags.append(name)
            if let colon = name.lastIndex(of: ":") {
                let tag = name[name.index(after: colon)...]
                if !tag.contains("/") { tags.append(String(tag)) }
            }
        }
        return tags
    }

    /// The tag of an entry: the ref name, else the part of the base name after its last `:`.
    static func tag(of descriptor: OCIDescriptor) -> String? {
        if let ref = descriptor.annotation(OCIAnnotation.refName) { return ref }
        guard let base = descriptor.annotation(OCIAnnotation.baseName), let colon = base.lastIndex(of: ":") else { return nil }
        let tag = base[base.index(after: colon)...]
        return tag.contains("/") ? nil : String(tag)
    }

    /// Parses `sha256-<64 hex>[.sig|.att|.sbom]`.
    static func fromTag(_ tag: String) -> OCILayoutRole? {
        guard tag.hasPrefix("sha256-") else { return nil }
        let rest = tag.dropFirst("sha256-".count)
        let hex = String(rest.prefix(64))
        guard let digest = try? ContentDigest.sha256(hex: hex) else { return nil }
        let subject = digest.description
        switch rest.dropFirst(64) {
        case "": return .referrersTag(subject: subject)
        case ".sig": return .signatures(subject: subject)
        case ".att": return .attestations(subject: subject)
        case ".sbom": return .sbom(subject: subject)
        default: return nil
        }
    }

    /// The names an image entry contributes: the full containerd name when the ref name is only its tag
    /// (Docker 25+ `docker save`), else the ref name, else the base name.
    static func names(of descriptor: OCIDescriptor) -> [String] {
        let ref = descriptor.annotation(OCIAnnotation.refName)
        if let full = descriptor.annotation(containerdImageName), ref == nil || full.hasSuffix(":" + ref!) || full.hasSuffix("@" + ref!) {
            return [full]
        }
        if let ref { return [ref] }
        if let base = descriptor.annotation(OCIAnnotation.baseName) { return [base] }
        return []
    }
}
