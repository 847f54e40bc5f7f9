/// Every input limit Airlock enforces, in one place, so that an auditor can read them at a glance
/// and a hostile input meets the same bounds wherever it enters.
///
/// Values follow sigstore-go `internal/limits/limits.go` where that defines them.
public struct Limits: Sendable, Equatable {
    /// Largest JSON document parsed (bundles, trusted roots, statements, layouts).
    public var maxJSONBytes: Int = 32 * 1024 * 1024
    /// Deepest nesting of JSON arrays and objects accepted.
    public var maxJSONDepth: Int = 64
    /// Most transparency-log entries one bundle may carry.
    public var maxTlogEntries: Int = 32
    /// Most RFC 3161 timestamps one bundle may carry.
    public var maxTimestamps: Int = 32
    /// Most certificates in one chain (bundle chains and trusted-root chains).
    public var maxChainLength: Int = 10
    /// Most DSSE signatures one envelope may carry.
    public var maxDSSESignatures: Int = 16
    /// Most subjects one in-toto Statement may carry.
    public var maxStatementSubjects: Int = 1024
    /// Most digests one Statement subject may carry.
    public var maxSubjectDigests: Int = 32
    /// Most hashes in one Merkle inclusion proof (a tree of 2^64 leaves needs 64).
    public var maxProofHashes: Int = 64
    /// Most signature lines on one signed note / checkpoint.
    public var maxNoteSignatures: Int = 100
    /// Largest TUF metadata file read (root, timestamp, snapshot, targets).
    public var maxTUFMetadataBytes: Int = 1024 * 1024
    /// Most root versions one TUF update walks (python-tuf's `max_root_rotations`).
    public var maxTUFRootRotations: Int = 256
    /// Most keys, roles, signatures or file entries in one TUF metadata document.
    public var maxTUFEntries: Int = 1024
    /// Largest artifact read from disk for verification.
    public var maxArtifactBytes: Int = 4 * 1024 * 1024 * 1024

    /// Most entries one bundle archive may hold.
    public var maxArchiveEntries: Int = 100_000
    /// Largest single archive entry, uncompressed.
    public var maxEntryBytes: Int64 = 8 * 1024 * 1024 * 1024
    /// Largest total uncompressed size of one bundle archive.
    public var maxArchiveBytes: Int64 = 64 * 1024 * 1024 * 1024
    /// Largest ratio of uncompressed to compressed bytes (decompression-bomb guard), checked once
    /// more than `compressionRatioGraceBytes` have been produced.
    public var maxCompressionRatio: Int64 = 200
    /// Uncompressed bytes produced before the compression ratio is enforced.
    public var compressionRatioGraceBytes: Int64 = 16 * 1024 * 1024
    /// Longest entry path accepted, in bytes.
    public var maxPathBytes: Int = 1024
    /// Deepest nesting of OCI image indexes followed from a layout's `index.json` (guards against loops
    /// and absurd chains of indexes).
    public var maxIndexDepth: Int = 8
    /// Largest metadata document (manifest, index, config, evidence file) parsed from a bundle.
    public var maxMetadataBytes: Int = 16 * 1024 * 1024

    /// Most in-toto link files read from one link directory.
    public var maxInTotoLinkFiles: Int = 10_000
    /// Deepest nesting of in-toto sublayouts followed (a layout whose step is itself a layout).
    public var maxInTotoSublayoutDepth: Int = 8

    /// Most values (scalars, lists, maps) in a site policy after YAML aliases are expanded, so an
    /// alias bomb is refused instead of exhausting memory.
    public var maxPolicyNodes: Int = 100_000

    /// Longest regular expression accepted (site-policy `sanRegex`, `issuerRegex`, `refPattern`, `matches`,
    /// and the `verify-bundle` identity options), in UTF-8 bytes. Matching is linear (RE2); this bounds
    /// the compiled program too.
    public var maxRegexPatternBytes: Int = 4096
    /// Memory RE2 may use for one compiled regular expression (its `max_mem` option; RE2's own default).
    public var maxRegexMemoryBytes: Int = 8 * 1024 * 1024
    /// Most Sigstore bundles read from one JSON-lines file (`gh attestation download` writes one per line).
    public var maxBundlesPerJSONLines: Int = 1024
    /// Most bytes of blobs an import derives from archive files (the lines of gh JSON-lines files), all
    /// held in memory until they are staged.
    public var maxDerivedBlobBytes: Int = 64 * 1024 * 1024

    /// The defaults.
    public init() {}

    /// The limits Airlock uses unless told otherwise.
    public static let `default` = Limits()
}
