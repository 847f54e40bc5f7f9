/// Use cases: import, verify, approve, replay, trace.
public enum AirlockApplianceModule {
    /// The module name, for diagnostics.
    public static let name = "AirlockAppliance"
}
