import Foundation
import AirlockFormats

/// Evaluates a rule's `layout` requirement on the layout and link files the verdict's inputs carry
/// (kinds `intoto-layout` and `intoto-link`, each with its archive path in the `path` annotation):
/// the layout owners' threshold, then `InTotoLayoutVerifier` (the engine of `verify-layout`, which never
/// runs inspections) with the image digest as the expected product. Every in-toto check is reported
/// under the prefix `layout.`, followed by one summary check `layout`. With the rule's `predicateType`, the
/// image's link attestations count as links too (`LayoutLinkAttestations`).
enum LayoutEvaluator {
    /// The annotation that carries a layout or link file's path in the transfer archive.
    static let pathAnnotation = "path"
    /// The check-id prefix of every in-toto check.
    static let prefix = "layout."

    static func evaluate(_ requirement: LayoutRequirement, imageHex: String, evidence: [EvidenceInput],
                         at time: Date, limits: Limits) -> [CheckResult] {
        let layoutInput: (content: Data, sha256: String)
        let layoutPath: String
        var links: (directory: InTotoLinkDirectory, used: [String])
        if let file = requirement.file {
            // Sorted, so verify (store order) and replay (input order) choose the same files.
            let layouts = evidence.filter { $0.kind == EvidenceKind.intotoLayout.rawValue && baseName(path(of: $0)) == file }
                .sorted { (path(of: $0), $0.sha256) < (path(of: $1), $1.sha256) }
            let candidates = Dictionary(grouping: layouts, by: \.sha256)
            guard let first = layouts.first else {
                return [.fail(CheckID.layout, "no layout file named \(file) was imported with the image")]
            }
            guard candidates.count == 1 else {
                return [.fail(CheckID.layout, "\(candidates.count) different files named \(file) were imported with the image; which one governs is ambiguous",
                              evidence: candidates.keys.sorted().map(ContentDigest.sha256Reference))]
            }
            layoutInput = (first.content, first.sha256)
            layoutPath = path(of: first)
            let directory = folder(layoutPath)
            links = linkDirectory(evidence, under: directory, label: directory.isEmpty ? "." : directory)
        } else {
            // The layout attached to the image (a DSSE layout); its links are the link attestations alone.
            let attached = LayoutLinkAttestations.layouts(evidence, limits: limits)
            guard let first = attached.first else {
                return [.fail(CheckID.layout, "no in-toto layout is attached to the image (a DSSE envelope whose payload has _type \"layout\")")]
            }
            guard Set(attached.map(\.data)).count == 1 else {
                return [.fail(CheckID.layout, "\(Set(attached.map(\.data)).count) different layouts are attached to the image; which one governs is ambiguous",
                              evidence: attached.map { ContentDigest.sha256Reference($0.sha256) })]
            }
            layoutInput = (first.data, first.sha256)
            layoutPath = "layout attestation \(ContentDigest.sha256Reference(first.sha256))"
            links = (InTotoLinkDirectory(label: "attestations", files: [:]), [])
        }
        var used = [layoutInput.sha256] + links.used
        guard links.used.count <= limits.maxInTotoLinkFiles else {
            return [.fail(CheckID.layout, "\(links.used.count) link files beside \(layoutPath); the limit is \(limits.maxInTotoLinkFiles)")]
        }
        var references = used.map(ContentDigest.sha256Reference)
        var checks: [CheckResult] = []
        let envelope: InTotoEnvelope
        do {
            envelope = try InTotoEnvelope.parse(layoutInput.content, limits: limits)
        } catch {
            return [.fail(CheckID.layout, "layout \(layoutPath) does not parse: \(error)", evidence: references)]
        }
        // Link attestations attached to the image count as link files of the layout's folder.
        if let predicateType = requirement.linkPredicateType, case .layout(let layout) = envelope.document {
            let attested = LayoutLinkAttestations.files(evidence, predicateType: predicateType, layout: layout, layoutFile: layoutPath,
                                                        taken: Set(links.directory.files.keys), limits: limits)
            guard let files = attested.value else { return attested.checks }
            for file in files { links.directory.files[file.name] = file.data }
            links.used = Array(Set(links.used + files.map(\.sha256))).sorted()
            used = [layoutInput.sha256] + links.used
            guard links.used.count <= limits.maxInTotoLinkFiles else {
                return [.fail(CheckID.layout, "\(links.used.count) links for \(layoutPath); the limit is \(limits.maxInTotoLinkFiles)")]
            }
            references = used.map(ContentDigest.sha256Reference)
        }
        let signers = requirement.keys.filter { $0.validSignature(on: envelope, matchingKeyID: false) != nil }
        guard signers.count >= requirement.threshold else {
            return [.fail(prefix + CheckID.layoutSignature(),
                          "layout \(layoutPath) is signed by \(signers.count) of the policy's \(requirement.keys.count) layout key(s); \(requirement.threshold) required",
                          evidence: references),
                    .fail(CheckID.layout, "layout \(layoutPath) is not verified", evidence: references)]
        }
        let options = InTotoVerificationOptions(
            verificationTime: time, skippedInspections: Set(requirement.skippedInspections), parameters: requirement.parameters,
            product: InTotoProductExpectation(step: requirement.productStep, path: requirement.productPath, sha256: imageHex), limits: limits)
        let result: InTotoVerificationResult
        do {
            result = try InTotoLayoutVerifier.verify(layout: envelope, layoutFile: layoutPath, keys: signers, links: links.directory, options: options)
        } catch {
            return [.fail(CheckID.layout, "layout \(layoutPath) or its links do not parse: \(error)", evidence: references)]
        }
        checks += result.checks.map { CheckResult(prefix + $0.id, $0.status, $0.message, evidence: $0.evidence) }
        if result.verified {
            checks.append(.pass(CheckID.layout, "layout \(layoutPath) verified with \(links.used.count) link file(s); step '\(requirement.productStep)' product \(requirement.productPath) is the image",
                                evidence: references))
        } else {
            checks.append(.fail(CheckID.layout, "layout \(layoutPath) is not verified: \(result.failure?.message ?? "no product tie")", evidence: references))
        }
        return checks
    }

    /// The link files beside the layout (`<dir>/<name>.link`) and in its sublayout folders (`<dir>/<step>.<keyid8>/…`).
    static func linkDirectory(_ evidence: [EvidenceInput], under directory: String, label: String) -> (directory: InTotoLinkDirectory, used: [String]) {
        var files: [String: Data] = [:]
        var nested: [String: [EvidenceInput]] = [:]
        var used: [String] = []
        let head = directory.isEmpty ? "" : directory + "/"
        for input in evidence.sorted(by: { (path(of: $0), $0.sha256) < (path(of: $1), $1.sha256) }) where input.kind == EvidenceKind.intotoLink.rawValue {
            let full = path(of: input)
            guard full.hasPrefix(head) else { continue }
            let rest = String(full.dropFirst(head.count))
            let parts = rest.split(separator: "/", maxSplits: 1).map(String.init)
            if parts.count == 1 {
                guard files[rest] == nil else { continue }
                files[rest] = input.content
                used.append(input.sha256)
            } else {
                nested[parts[0], default: []].append(input)
            }
        }
        var subdirectories: [String: InTotoLinkDirectory] = [:]
        for (name, inputs) in nested {
            let sub = linkDirectory(inputs, under: head + name, label: "\(label)/\(name)")
            subdirectories[name] = sub.directory
            used += sub.used
        }
        return (InTotoLinkDirectory(label: label, files: files, subdirectories: subdirectories), Array(Set(used)).sorted())
    }

    static func path(of input: EvidenceInput) -> String { input.annotations[pathAnnotation] ?? "" }

    static func baseName(_ path: String) -> String { path.split(separator: "/").last.map(String.init) ?? path }

    static func folder(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }
}
