public import AirlockFormats
import Foundation

/// Verifies an in-toto layout and its links without executing anything (docs/formats.md §8.5): layout
/// signatures by every supplied key, expiry at an explicit instant, parameter substitution, per-step
/// link thresholds of distinct functionaries, sublayouts, command alignment (warning), link reduction,
/// artifact rules; inspections are never run and must be explicitly skipped.
public enum InTotoLayoutVerifier {
    /// Verifies `layout` (already parsed from `layoutFile`) against the layout owners' `keys` and the
    /// link files in `links`.
    ///
    /// Returns the verdict with every check; throws `FormatError` (naming the file) only for malformed
    /// input: a layout key or link file that cannot be decoded.
    public static func verify(layout: InTotoEnvelope, layoutFile: String, keys: [InTotoVerificationKey],
                              links: InTotoLinkDirectory, options: InTotoVerificationOptions) throws -> InTotoVerificationResult {
        guard case .layout(let document) = layout.document else {
            throw FormatError(.invalidField, "expected a layout, found a link", field: "_type", file: layoutFile)
        }
        var run = InTotoLayoutRun(options: options)
        let reduced = try run.verifyLayout(layout, file: layoutFile, keys: keys, links: links, prefix: "", depth: 0,
                                           parameters: options.parameters)
        var product: InTotoProductResult?
        if let reduced, let expected = options.product {
            let tie = tie(expected, to: document, links: reduced)
            run.record(CheckID.product, tie.matched ? .passed : .failed, tie.message)
            product = tie
        }
        if reduced != nil {
            for name in options.skippedInspections.subtracting(run.inspectionNames).sorted() {
                run.record(CheckID.inspection(name), .warning, "inspection '\(name)' was named to be skipped but the layout has no such inspection")
            }
        }
        let verified = reduced != nil && !run.checks.contains { $0.status == .failed }
        return InTotoVerificationResult(
            verified: verified, verificationTime: options.verificationTime, layoutExpires: RFC3339.format(document.expires),
            layoutFormat: layout.format.rawValue, checks: run.checks, skippedInspections: run.skippedInspections, product: product
        )
    }

    /// Does the verified chain produce the artifact being approved?
    static func tie(_ expected: InTotoProductExpectation, to layout: InTotoLayout, links: [String: InTotoArtifacts]) -> InTotoProductResult {
        func result(_ matched: Bool, _ message: String) -> InTotoProductResult {
            InTotoProductResult(step: expected.step, path: expected.path, sha256: expected.sha256, matched: matched, message: message)
        }
        guard let link = links[expected.step] else {
            let why = layout.inspections.contains { $0.name == expected.step }
                ? "'\(expected.step)' is an inspection; inspections are never run, so they have no verified products"
                : "the layout has no step '\(expected.step)'"
            return result(false, "product \(expected.path) cannot be tied to the chain: \(why)")
        }
        // The link's products are cleaned paths (InTotoPath), so the expected path is cleaned too.
        let path = InTotoPath.clean(expected.path)
        guard !InTotoPath.escapes(path) else {
            return result(false, "product path \(PythonRepr.string(expected.path)) cleans to \(PythonRepr.string(path)), which escapes the artifact root")
        }
        guard let hashes = link.products[path] else {
            return result(false, "step '\(expected.step)' has no product \(PythonRepr.string(path)); its products are \(PythonRepr.list(link.products.keys.sorted()))")
        }
        guard let recorded = hashes["sha256"] else {
            return result(false, "step '\(expected.step)' product \(path) has no sha256 (only \(hashes.keys.sorted().joined(separator: ", ")))")
        }
        guard recorded.lowercased() == expected.sha256 else {
            return result(false, "step '\(expected.step)' product \(path) has sha256:\(recorded), not the approved sha256:\(expected.sha256)")
        }
        return result(true, "step '\(expected.step)' product \(path) is sha256:\(expected.sha256), the approved artifact")
    }
}
