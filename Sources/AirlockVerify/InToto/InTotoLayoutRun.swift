import AirlockFormats
import Foundation

/// One layout verification, in the reference order (in-toto-golang `InTotoVerify`, docs/formats.md §8.5),
/// one small function per step. Collects checks; a failed check ends the run, as in-toto does.
struct InTotoLayoutRun {
    let options: InTotoVerificationOptions
    private(set) var checks: [CheckResult] = []
    private(set) var skippedInspections: [String] = []
    private(set) var inspectionNames: Set<String> = []

    init(options: InTotoVerificationOptions) {
        self.options = options
    }

    mutating func record(_ id: String, _ status: CheckStatus, _ message: String) {
        checks.append(CheckResult(id, status, message))
    }

    /// Records a step's checks and returns the value it produced.
    mutating func take<Value>(_ outcome: StepOutcome<Value>) -> Value {
        checks += outcome.checks
        return outcome.value
    }

    /// Records a step's checks and says whether they all held.
    mutating func held(_ outcome: StepOutcome<Void>) -> Bool {
        checks += outcome.checks
        return outcome.held
    }

    /// Records a failure and returns nil, so callers can `return fail(…)`.
    mutating func fail<T>(_ id: String, _ message: String) -> T? {
        record(id, .failed, message)
        return nil
    }

    /// Verifies one layout (top level or sublayout) and returns its reduced step links, or nil on failure.
    /// Throws `FormatError` only for malformed input (an undecodable key, a link file that does not parse).
    mutating func verifyLayout(_ envelope: InTotoEnvelope, file: String, keys: [InTotoVerificationKey],
                               links: InTotoLinkDirectory, prefix: String, depth: Int,
                               parameters: [String: String]) throws -> [String: InTotoArtifacts]? {
        guard case .layout(let signedLayout) = envelope.document else {
            throw FormatError(.invalidField, "expected a layout, found a link", field: "_type", file: file)
        }
        // 1. Every layout key the caller supplied must have signed the layout.
        guard held(verifyLayoutSignatures(envelope, keys: keys, prefix: prefix)) else { return nil }
        // 2. Expiry against the explicit verification instant.
        guard held(verifyExpiry(signedLayout, prefix: prefix)) else { return nil }
        // 3. Parameter substitution.
        let layout: InTotoLayout
        do {
            layout = try InTotoParameters.substitute(parameters, in: signedLayout)
        } catch let error as FormatError {
            throw error.inFile(file)
        }
        if !parameters.isEmpty {
            record(CheckID.layoutParameters(prefix: prefix), .passed, "substituted \(parameters.keys.sorted().map { "{\($0)}" }.joined(separator: ", "))")
        }
        let functionaries = try Self.functionaryKeys(layout, file: file)
        // 4–5. Links per step, signature thresholds of distinct authorised functionaries.
        var stepLinks: [String: [InTotoStepLink]] = [:]
        for step in layout.steps {
            guard let accepted = take(try acceptedLinks(for: step, in: links, keys: functionaries, prefix: prefix)) else { return nil }
            stepLinks[step.name] = accepted
        }
        // 6. Sublayouts: verify recursively and replace by their summary link.
        for step in layout.steps {
            for (i, entry) in stepLinks[step.name, default: []].enumerated() where entry.sublayout != nil {
                guard depth + 1 <= options.limits.maxInTotoSublayoutDepth else {
                    return fail(CheckID.step(step.name, "sublayout", prefix: prefix),
                                "sublayout \(entry.file) is nested deeper than \(options.limits.maxInTotoSublayoutDepth) levels")
                }
                let dirName = "\(step.name).\(entry.keyid.prefix(8))"
                let dir = links.subdirectories[dirName] ?? InTotoLinkDirectory(label: "\(links.label)/\(dirName)", files: [:])
                guard let key = functionaries[entry.keyid],
                      let sub = try verifyLayout(entry.envelope, file: entry.file, keys: [key], links: dir,
                                                 prefix: "\(prefix)\(dirName)/", depth: depth + 1, parameters: [:]),
                      case .layout(let subLayout) = entry.envelope.document
                else { return nil }
                stepLinks[step.name]?[i].link = Self.summary(of: subLayout, links: sub, name: step.name)
                record(CheckID.step(step.name, "sublayout", prefix: prefix), .passed, "sublayout \(entry.file) verified with links in \(dir.label)")
            }
        }
        // 7. Command alignment (a warning only).
        for step in layout.steps {
            for entry in stepLinks[step.name, default: []] where entry.link.command != step.expectedCommand {
                record(CheckID.step(step.name, "command", prefix: prefix), .warning,
                       "step '\(step.name)': link \(entry.file) ran \(PythonRepr.list(entry.link.command)), the layout expects \(PythonRepr.list(step.expectedCommand))")
            }
        }
        // 8. Reduce: every link of a step must report the same artifacts.
        var reduced: [String: InTotoArtifacts] = [:]
        for step in layout.steps {
            let entries = stepLinks[step.name, default: []]
            guard let first = entries.first else { continue }
            for other in entries.dropFirst() where other.link.materials != first.link.materials || other.link.products != first.link.products {
                return fail(CheckID.step(step.name, "links", prefix: prefix),
                            "links of step '\(step.name)' disagree: \(first.file) and \(other.file) report different materials or products")
            }
            // Rules, MATCH and the product see cleaned paths (in-toto-golang since CVE-2021-41087).
            switch first.link.cleaned() {
            case .success(let link): reduced[step.name] = link
            case .failure(let error):
                return fail(CheckID.step(step.name, "links", prefix: prefix), "step '\(step.name)' link \(first.file): \(error.message)")
            }
        }
        // 9. Artifact rules of the steps.
        for step in layout.steps {
            guard let link = reduced[step.name],
                  held(verifyRules(step.expectedMaterials, step.expectedProducts, name: step.name, link: link,
                                   links: reduced, prefix: prefix))
            else { return nil }
        }
        // 10–11. Inspections: never run. Each must be skipped by name, or verification fails.
        for inspection in layout.inspections {
            inspectionNames.insert(inspection.name)
            let command = inspection.run.joined(separator: " ")
            guard options.skippedInspections.contains(inspection.name) else {
                return fail(CheckID.inspection(inspection.name, prefix: prefix),
                            "inspection '\(inspection.name)' would run `\(command)`; Airlock never executes commands. "
                                + "Name it as a skipped inspection to verify the rest of the layout without it")
            }
            skippedInspections.append("\(prefix)\(inspection.name)")
            record(CheckID.inspection(inspection.name, prefix: prefix), .skipped,
                   "inspection '\(inspection.name)' (`\(command)`) was not run, as the caller asked; its \(inspection.expectedMaterials.count + inspection.expectedProducts.count) artifact rule(s) were not evaluated")
        }
        return reduced
    }

    private func verifyLayoutSignatures(_ envelope: InTotoEnvelope, keys: [InTotoVerificationKey], prefix: String) -> StepOutcome<Void> {
        let id = CheckID.layoutSignature(prefix: prefix)
        guard !keys.isEmpty else {
            return StepOutcome(checks: [.fail(id, "no layout key was supplied; a layout verifies only against its owners' keys")])
        }
        var checks: [CheckResult] = []
        for key in keys {
            guard let sig = key.validSignature(on: envelope, matchingKeyID: false) else {
                checks.append(.fail(id, "the layout is not signed by layout key \(key.keyid): none of its \(envelope.signatures.count) signature(s) verifies with that key"))
                return StepOutcome(checks: checks)
            }
            checks.append(.pass(id, "signed by layout key \(sig.keyid.isEmpty ? key.keyid : sig.keyid) (\(key.schemeName), \(envelope.format.rawValue))"))
        }
        return StepOutcome(checks: checks)
    }

    private func verifyExpiry(_ layout: InTotoLayout, prefix: String) -> StepOutcome<Void> {
        let expires = layout.expires
        let written = RFC3339.format(expires)
        let at = RFC3339.format(options.verificationTime)
        let id = CheckID.layoutExpires(prefix: prefix)
        guard options.verificationTime < expires else {
            return StepOutcome(checks: [.fail(id, "LayoutExpiredError: layout expired at \(written) (verification time \(at))")])
        }
        return StepOutcome(checks: [.pass(id, "layout expires at \(written), after the verification time \(at)")])
    }

    private func verifyRules(_ materials: [ArtifactRule], _ products: [ArtifactRule],
                             name: String, link: InTotoArtifacts, links: [String: InTotoArtifacts], prefix: String) -> StepOutcome<Void> {
        var checks: [CheckResult] = []
        for (set, rules) in [(ArtifactRule.Side.materials, materials), (.products, products)] {
            let id = CheckID.step(name, set.rawValue, prefix: prefix)
            if let violation = InTotoArtifactRules.verify(rules, on: set, of: link, links: links) {
                checks.append(.fail(id, "step '\(name)' \(set.rawValue): \(violation.message)"))
                return StepOutcome(checks: checks)
            }
            let count = set == .materials ? link.materials.count : link.products.count
            checks.append(.pass(id, "step '\(name)': \(count) \(set.rawValue) satisfy \(rules.count) rule(s)"))
        }
        return StepOutcome(checks: checks)
    }

    /// Decodes the layout's functionary keys, checking each is listed under its own id and that every
    /// step names listed keys (in-toto-golang `validateLayout`).
    static func functionaryKeys(_ layout: InTotoLayout, file: String) throws -> [String: InTotoVerificationKey] {
        var keys: [String: InTotoVerificationKey] = [:]
        do {
            for (id, key) in layout.keys {
                guard key.keyid == id else {
                    throw FormatError(.invalidField, "keyid \(key.keyid) differs from the id it is listed under", field: "keys.\(id)")
                }
                keys[id] = try InTotoVerificationKey(key, claimedKeyID: id)
            }
            for step in layout.steps {
                for id in step.pubkeys where keys[id] == nil {
                    throw FormatError(.invalidField, "step '\(step.name)' names key \(id), which the layout does not list", field: "steps")
                }
            }
        } catch let error as FormatError {
            throw error.inFile(file)
        }
        return keys
    }

    /// in-toto-golang `GetSummaryLink`: the first step's materials and the last step's products and command.
    static func summary(of layout: InTotoLayout, links: [String: InTotoArtifacts], name: String) -> InTotoArtifacts {
        let first = layout.steps.first.flatMap { links[$0.name] }
        let last = layout.steps.last.flatMap { links[$0.name] }
        return InTotoArtifacts(name: name, command: last?.command ?? [], materials: first?.materials ?? [:], products: last?.products ?? [:])
    }
}
