import AirlockFormats

/// A rule's in-toto requirement: a layout shipped as a loose file in the transfer archive, signed by at
/// least `threshold` of `keys`, verified with its links exactly as `verify-layout` does (inspections are
/// never run: each must be named in `skippedInspections`), and whose product `product.path` of step
/// `product.step` has the image's digest as its sha256.
///
/// What is compared: the hex of the image digest the verdict is about (an OCI image's manifest or index
/// digest; a `docker save` image's config digest) against the `sha256` the step's verified link records
/// for that product. A supply chain that ends in an image therefore records the image manifest as the
/// final step's product.
///
/// Links may also arrive as attestations attached to the image (`linkPredicateType`): DSSE envelopes
/// (cosign `.att` layers, OCI referrers, or the `dsseEnvelope` of a Sigstore bundle) whose Statement has
/// the in-toto link predicate v0.3. Each is converted to a link and counts for its step exactly as a
/// link file does, its DSSE signature checked against the step's functionary keys.
public struct LayoutRequirement: Sendable {
    /// The layout owners' public keys, in policy order.
    public var keys: [InTotoVerificationKey]
    /// How many distinct `keys` must have signed the layout.
    public var threshold: Int
    /// The layout file's name in the archive (its base name, e.g. `root.layout`); its links are the
    /// `*.link` files of the same folder (and its `<step>.<keyid8>/` sublayout folders). Nil only with
    /// `linkPredicateType`: the layout is then a DSSE envelope (ITE-5, payload `_type: layout`) attached
    /// to the image, and its links are the image's link attestations alone.
    public var file: String?
    /// `{NAME}` substitutions for the layout.
    public var parameters: [String: String]
    /// Inspections accepted as not run (recorded as skipped).
    public var skippedInspections: [String]
    /// The step and product path that must be the image.
    public var productStep: String
    /// The product path, as the step's link records it.
    public var productPath: String

    /// The predicate type of link attestations attached to the image (only
    /// `https://in-toto.io/attestation/link/v0.3`); nil when links are only the loose `*.link` files.
    public var linkPredicateType: String?

    /// Makes a requirement.
    public init(keys: [InTotoVerificationKey], threshold: Int, file: String?, parameters: [String: String] = [:],
                skippedInspections: [String] = [], productStep: String, productPath: String, linkPredicateType: String? = nil) {
        self.linkPredicateType = linkPredicateType
        self.keys = keys
        self.threshold = threshold
        self.file = file
        self.parameters = parameters
        self.skippedInspections = skippedInspections
        self.productStep = productStep
        self.productPath = productPath
    }
}
