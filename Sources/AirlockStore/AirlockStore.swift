/// The SQLite catalogue and the content-addressed blob store.
public enum AirlockStoreModule {
    /// The module name, for diagnostics.
    public static let name = "AirlockStore"
}
