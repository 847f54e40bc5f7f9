/// The rule that an `import --policy` which verified nothing is not a success.
///
/// An archive with no image (a docker-save tarball whose links were flattened, an unrelated tar, a folder
/// of loose Sigstore bundles) yields zero verdicts; "all of zero images passed" must not exit 0.
/// Evidence-only bundles are accepted only when the operator says so (`--allow-empty`).
public enum NothingVerified {
    /// The error code scripts see.
    public static let code = "nothing-verified"

    /// Throws `nothing-verified` (a verification failure, exit 1) when `verdicts` is empty and
    /// `allowEmpty` is false; returns otherwise.
    public static func check(_ verdicts: VerifyReport, imported: ImportReport, allowEmpty: Bool) throws(ApplianceError) {
        guard verdicts.verdicts.isEmpty, !allowEmpty else { return }
        let evidence = imported.unlinkedEvidence.count + imported.images.reduce(0) { $0 + $1.evidence.count }
        if !verdicts.unverifiedArtifacts.isEmpty {
            throw ApplianceError(
                .verificationFailed,
                "no images to verify: bundle \(imported.bundle.id) holds no OCI image, and policy \"\(verdicts.policyName)\" has no "
                    + "artifact rule (match.artifacts) for its \(verdicts.unverifiedArtifacts.count) file(s); nothing was verified "
                    + "(pass --allow-empty to accept a bundle without images)",
                code: code)
        }
        throw ApplianceError(
            .verificationFailed,
            "no images to verify: bundle \(imported.bundle.id) holds no OCI image (\(evidence) evidence file(s)); nothing was verified "
                + "(pass --allow-empty to accept an evidence-only bundle)",
            code: code)
    }
}
