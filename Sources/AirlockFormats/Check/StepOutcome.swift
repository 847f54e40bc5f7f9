/// What one verification step established: the checks it reported and the value it produced for the
/// steps after it (a certificate path, verified log entries, an in-toto statement…).
///
/// Every step of every verifier returns this one shape, so a verifier appends `checks` to its result
/// and passes `value` on; `value` is nil (for optionals) when the step could not produce it.
public struct StepOutcome<Value> {
    /// The checks the step ran, in order.
    public var checks: [CheckResult]
    /// What the step produced.
    public var value: Value

    /// Makes an outcome.
    public init(checks: [CheckResult], value: Value) {
        self.checks = checks
        self.value = value
    }

    /// Whether none of the step's checks failed.
    public var held: Bool { checks.allHeld }
}

extension StepOutcome: Sendable where Value: Sendable {}

extension StepOutcome where Value == Void {
    /// An outcome that only reports checks.
    public init(checks: [CheckResult]) {
        self.init(checks: checks, value: ())
    }
}
