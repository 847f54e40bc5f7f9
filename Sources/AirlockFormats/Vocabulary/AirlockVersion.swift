/// The one tool version Airlock writes: into every verdict (`tool.version`), into the
/// `verifier.version` of the VSAs it signs, and as the CLI's `--version`.
///
/// Verdicts are replayed byte for byte, so changing this value changes every new verdict's bytes.
public enum AirlockVersion {
    /// The semantic version of this build of Airlock, e.g. `0.1.0`.
    public static let current = "0.1.0"
}
