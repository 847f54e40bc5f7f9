/// What a piece of evidence is, as discovered at import (verification decides what it proves).
///
/// The raw values are stored in the catalogue and written into verdicts, so they never change.
public enum EvidenceKind: String, Codable, Sendable, CaseIterable {
    /// A cosign simple-signing signature layer (`.sig` manifests).
    case cosignSignature = "cosign-signature"
    /// A cosign attestation layer (DSSE, `.att` manifests).
    case cosignAttestation = "cosign-attestation"
    /// An OCI 1.1 referrer manifest that carries no recognised signature format.
    case referrer = "referrer"
    /// A Sigstore bundle (loose `*.sigstore.json` or a referrer layer).
    case sigstoreBundle = "sigstore-bundle"
    /// A DSSE envelope or a JSON-lines file of them (`*.intoto.jsonl`, `*.dsse.json`, DSSE layers).
    case dsse = "dsse"
    /// An in-toto layout.
    case intotoLayout = "intoto-layout"
    /// An in-toto link.
    case intotoLink = "intoto-link"
    /// A Sigstore `trusted_root.json`.
    case trustedRoot = "trusted-root"
    /// The bundle's own `airlock-bundle.json`.
    case airlockManifest = "airlock-manifest"
}
