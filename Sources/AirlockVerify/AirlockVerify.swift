/// Offline verification of Sigstore bundles, transparency-log proofs and in-toto layouts.
public enum AirlockVerifyModule {
    /// The module name, for diagnostics.
    public static let name = "AirlockVerify"
}
