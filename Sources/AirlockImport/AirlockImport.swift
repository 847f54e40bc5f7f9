/// Hardened streaming import of bundle tarballs.
public enum AirlockImportModule {
    /// The module name, for diagnostics.
    public static let name = "AirlockImport"
}
