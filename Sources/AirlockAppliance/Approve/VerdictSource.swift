/// Where `approve` reads verdicts and image names from. `StoreVerdictSource` reads the catalogue;
/// tests use `InMemoryVerdictSource`. Every method answers from recorded data only and decides nothing.
public protocol VerdictSource: Sendable {
    /// Every verdict recorded for the image with this digest, oldest first, under any policy.
    func verdicts(digest: String) throws(ApplianceError) -> [ApprovalCandidate]
    /// The digests of every image with at least one verdict, sorted.
    func verifiedDigests() throws(ApplianceError) -> [String]
    /// Digests of top-level images imported under `name`; empty if none.
    func digests(named name: String) throws(ApplianceError) -> [String]
    /// Digests of the top-level images of a bundle (id or unambiguous id prefix); nil if no bundle matches.
    func digests(bundle: String) throws(ApplianceError) -> [String]?
    /// Whether an image with this `sha256:` digest was ever imported (from any bundle).
    func isImported(digest: String) throws(ApplianceError) -> Bool
    /// Replays the recorded verdict from its stored evidence, policy, trust roots and instant; every
    /// difference or replay failure as one line (empty: byte-identical). `approve` signs nothing else.
    func replayDifferences(verdictID: String) throws(ApplianceError) -> [String]
}

/// A `VerdictSource` over fixed data, for tests and for callers that already hold the candidates.
public struct InMemoryVerdictSource: VerdictSource {
    /// Candidates in recording order.
    public var candidates: [ApprovalCandidate]
    /// Bundle id → image digests.
    public var bundles: [String: [String]]
    /// Verdict id → the differences its replay reports; a verdict not listed replays identically (the
    /// caller vouches for in-memory candidates).
    public var unreproducible: [String: [String]]

    /// Makes a source.
    public init(candidates: [ApprovalCandidate], bundles: [String: [String]] = [:], unreproducible: [String: [String]] = [:]) {
        self.candidates = candidates
        self.bundles = bundles
        self.unreproducible = unreproducible
    }

    /// The differences listed in `unreproducible` for this verdict, else none.
    public func replayDifferences(verdictID: String) -> [String] {
        unreproducible[verdictID] ?? []
    }

    /// The candidates recorded for `digest`, in order.
    public func verdicts(digest: String) -> [ApprovalCandidate] {
        candidates.filter { $0.imageDigest == digest }
    }

    /// Every digest with a candidate.
    public func verifiedDigests() -> [String] {
        Set(candidates.map(\.imageDigest)).sorted()
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

    /// Whether a candidate or a bundle lists the digest.
    public func isImported(digest: String) -> Bool {
        candidates.contains { $0.imageDigest == digest } || bundles.values.contains { $0.contains(digest) }
    }
}
