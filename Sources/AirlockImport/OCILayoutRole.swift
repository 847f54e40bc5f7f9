import AirlockFormats

/// What an index entry is for, read from its tag (`org.opencontainers.image.ref.name`, or the tag part of
/// `org.opencontainers.image.base.name` as crane writes it) or from cosign-save's `kind` annotation.
enum OCILayoutRole: Equatable {
    /// An image (or an index of images), or anything not recognised as evidence.
    case plain
    /// `sha256-<hex>.sig`, or `kind: dev.cosignproject.cosign/sigs`; the subject when the tag names it.
    case signatures(subject: String?)
    /// `sha256-<hex>.att`, or `kind: dev.cosignproject.cosign/atts`.
    case attestations(subject: String?)
    /// `sha256-<hex>.sbom`: an SBOM attachment, not evidence Airlock verifies.
    case sbom(subject: String)
    /// `sha256-<hex>`: the OCI 1.1 referrers fallback tag, an index listing referrers.
    case referrersTag(subject: String)

    /// The role of a top-level `index.json` entry.
    static func of(_ descriptor: OCIDescriptor) -> OCILayoutRole {
        if let tag = tag(of: descriptor), let role = fromTag(tag) { return role }
        switch descriptor.annotation(OCIAnnotation.cosignKind) {
        case "dev.cosignproject.cosign/sigs": return .signatures(subject: nil)
        case "dev.cosignproject.cosign/atts": return .attestations(subject: nil)
        default: return .plain
        }
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

    /// The names an image entry contributes: its ref name, else its base name.
    static func names(of descriptor: OCIDescriptor) -> [String] {
        if let ref = descriptor.annotation(OCIAnnotation.refName) { return [ref] }
        if let base = descriptor.annotation(OCIAnnotation.baseName) { return [base] }
        return []
    }
}
