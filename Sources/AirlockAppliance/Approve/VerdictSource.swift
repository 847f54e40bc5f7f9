/// Where `approve` reads verdicts and image names from. The store-backed source reads the catalogue;
/// tests use an in-memory one. Every method answers from recorded data only and never decides anything.
public protocol VerdictSource: Sendable {
    /// The latest verdict of the image with this digest, whatever its policy; nil if it was never verified.
    func latestCandidate(digest: String) throws(ApplianceError) -> ApprovalCandidate?
    /// The latest verdict of every verified image, one per digest.
    func latestCandidates() throws(ApplianceError) -> [ApprovalCandidate]
    /// Digests of top-level images imported under `name`; empty if none.
    func digests(named name: String) throws(ApplianceError) -> [String]
    /// Digests of the top-level images of a bundle (id or unambiguous id prefix); nil if no bundle matches.
    func digests(bundle: String) throws(ApplianceError) -> [String]?
}

/// A `VerdictSource` over fixed data, for tests and for callers that already hold the candidates.
public struct InMemoryVerdictSource: VerdictSource {
    /// Candidates, in recording order (a later one for the same digest supersedes earlier ones).
    public var candidates: [ApprovalCandidate]
    /// Bundle id → image digests.
    public var bundles: [String: [String]]

    /// Makes a source.
    public init(candidates: [ApprovalCandidate], bundles: [String: [String]] = [:]) {
        self.candidates = candidates
        self.bundles = bundles
    }

    /// The last candidate recorded for `digest`.
    public func latestCandidate(digest: String) -> ApprovalCandidate? {
        candidates.last { $0.imageDigest == digest }
    }

    /// The last candidate of each digest, in digest order.
    public func latestCandidates() -> [ApprovalCandidate] {
        Set(candidates.map(\.imageDigest)).sorted().compactMap { latestCandidate(digest: $0) }
    }

    /// Digests whose candidates carry this name.
    public func digests(named name: String) -> [String] {
        Set(candidates.filter { $0.imageName == name }.map(\.imageDigest)).sorted()
    }

    /// The digests listed for the bundle.
    public func digests(bundle: String) -> [String]? {
        let matches = bundles.keys.filter { $0.hasPrefix(bundle) }
        return matches.count == 1 ? bundles[matches[0]] : nil
    }
}
