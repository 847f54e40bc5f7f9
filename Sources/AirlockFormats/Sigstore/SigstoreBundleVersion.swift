/// The Sigstore bundle format versions this build understands (protobuf-specs `Bundle`).
///
/// Version-specific rules (promise versus proof, chain versus single certificate) are the verifier's
/// job; the parser only maps the media type to a version.
public enum SigstoreBundleVersion: String, Sendable, Comparable, CaseIterable {
    /// `application/vnd.dev.sigstore.bundle+json;version=0.1`.
    case v0_1 = "0.1"
    /// `application/vnd.dev.sigstore.bundle+json;version=0.2`.
    case v0_2 = "0.2"
    /// `application/vnd.dev.sigstore.bundle.v0.3+json` (or the legacy `+json;version=0.3` spelling).
    case v0_3 = "0.3"

    /// The version a bundle media type denotes, or nil if this build does not accept it.
    public init?(mediaType: String) {
        switch mediaType {
        case MediaType.sigstoreBundleV01: self = .v0_1
        case MediaType.sigstoreBundleV02: self = .v0_2
        case MediaType.sigstoreBundleV03Legacy, MediaType.sigstoreBundleV03: self = .v0_3
        default: return nil
        }
    }

    /// Orders versions numerically.
    public static func < (lhs: SigstoreBundleVersion, rhs: SigstoreBundleVersion) -> Bool {
        lhs.ordinal < rhs.ordinal
    }

    private var ordinal: Int {
        switch self {
        case .v0_1: 1
        case .v0_2: 2
        case .v0_3: 3
        }
    }
}
