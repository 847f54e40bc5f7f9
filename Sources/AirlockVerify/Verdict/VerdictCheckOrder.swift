import AirlockFormats

/// The order in which a verdict document (`https://airlock.dev/verdict/v1`) lists the checks of one
/// Sigstore bundle verification.
///
/// The order of checks is part of a verdict's canonical JSON, hence of its id. Verdicts v1 were
/// recorded while the identity check ran before the artifact signature; bundle verification now
/// follows the Sigstore client specification (signature, then identity), and a verdict still lists
/// the identity check where v1 did, so replaying a recorded verdict stays byte-identical.
enum VerdictCheckOrder {
    /// `checks` (in verification order) rearranged as a v1 verdict lists them: the `identity` check
    /// immediately before the first `signature.*` check; every other check keeps its place.
    static func v1(_ checks: [CheckResult]) -> [CheckResult] {
        guard let identity = checks.lastIndex(where: { $0.id == CheckID.identity }),
              let signature = checks.firstIndex(where: { Self.isSignature($0.id) }), signature < identity
        else { return checks }
        var ordered = checks
        let check = ordered.remove(at: identity)
        ordered.insert(check, at: signature)
        return ordered
    }

    private static func isSignature(_ id: String) -> Bool {
        [CheckID.signatureArtifact, CheckID.signatureDSSE, CheckID.signatureSubject].contains(id)
    }
}
