import AirlockFormats

/// A link (or sublayout) file accepted for a step: verified by an authorised functionary's key.
struct InTotoStepLink: Sendable {
    /// The functionary key id that signed it.
    let keyid: String
    /// The file, for messages.
    let file: String
    /// The envelope as loaded.
    let envelope: InTotoEnvelope
    /// The link's artifacts (for a sublayout, its summary once verified).
    var link: InTotoArtifacts
    /// The sublayout, when the file holds a layout instead of a link.
    let sublayout: InTotoLayout?
}

extension InTotoLayoutRun {
    /// Loads `<step>.<keyid8>.link` files and keeps those validly signed by a key in `step.pubkeys` whose id
    /// starts with the file's prefix (in-toto-golang `LoadLinksForLayout` + `VerifyLinkSignatureThesholds`);
    /// the step needs `threshold` distinct functionary keys. The threshold check, and the accepted links
    /// (nil when there are fewer).
    func acceptedLinks(for step: InTotoLayout.Step, in links: InTotoLinkDirectory,
                       keys: [String: InTotoVerificationKey], prefix: String) throws -> StepOutcome<[InTotoStepLink]?> {
        var accepted: [InTotoStepLink] = []
        var notes: [String] = []
        for name in links.files.keys.sorted() {
            guard let idPrefix = InTotoLinkDirectory.keyIDPrefix(of: name, step: step.name), let data = links.files[name] else { continue }
            let file = "\(links.label)/\(name)"
            let envelope: InTotoEnvelope
            do {
                envelope = try InTotoEnvelope.parse(data, limits: options.limits)
            } catch let error as FormatError {
                throw error.inFile(file)
            }
            let link: InTotoArtifacts
            let sublayout: InTotoLayout?
            switch envelope.document {
            case .link(let l):
                guard l.name == step.name else {
                    notes.append("\(name): records step '\(l.name)', not '\(step.name)'")
                    continue
                }
                (link, sublayout) = (InTotoArtifacts(l), nil)
            case .layout(let l):
                (link, sublayout) = (InTotoArtifacts(name: step.name, command: [], materials: [:], products: [:]), l)
            }
            let candidates = step.pubkeys.filter { $0.hasPrefix(idPrefix) && !accepted.map(\.keyid).contains($0) }
            guard let keyid = candidates.first(where: { keys[$0]?.validSignature(on: envelope, matchingKeyID: true) != nil }) else {
                notes.append(candidates.isEmpty
                    ? "\(name): no key of the step starts with \(idPrefix)"
                    : "\(name): no valid signature by the step's key \(candidates.joined(separator: ", "))")
                continue
            }
            accepted.append(InTotoStepLink(keyid: keyid, file: file, envelope: envelope, link: link, sublayout: sublayout))
        }
        let distinct = Set(accepted.compactMap { keys[$0.keyid]?.publicKey })
        let id = CheckID.step(step.name, "threshold", prefix: prefix)
        guard distinct.count >= step.threshold else {
            let detail = notes.isEmpty ? "" : " (" + notes.joined(separator: "; ") + ")"
            return StepOutcome(checks: [.fail(id, "ThresholdVerificationError: step '\(step.name)' requires \(step.threshold) link(s) validly signed by distinct authorized functionaries; found \(distinct.count) in \(links.label)\(detail)")], value: nil)
        }
        return StepOutcome(checks: [.pass(id, "step '\(step.name)': \(distinct.count) of \(step.threshold) required functionary signature(s): "
               + accepted.map { "\($0.file) by \($0.keyid.prefix(8))" }.joined(separator: ", "))], value: accepted)
    }
}
