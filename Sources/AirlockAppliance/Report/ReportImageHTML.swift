import AirlockFormats

/// The folded details of one image in the HTML report: verdict and checks, signers with their log entries
/// and timestamps, provenance, approvals and revocations, archives, and each record's decision-log leaf.
enum ReportImageHTML {
    static func render(_ image: ReportImage, anchor: String, into page: inout HTMLText) {
        let trace = image.trace
        page.raw("<details class=\"image\" id=\"\(anchor)\"\(image.result == "PASS" ? "" : " open")>\n<summary>")
        ReportHTML.badge(image.result, into: &page)
        page.raw(" ")
        page.text(image.names.isEmpty ? "(untagged)" : image.names.joined(separator: ", "))
        page.raw(" <code>")
        page.text(image.digest)
        page.raw("</code></summary>\n")
        verdict(trace, into: &page)
        signatures(trace, into: &page)
        provenance(trace, into: &page)
        approvals(trace, into: &page)
        archives(trace, into: &page)
        page.raw("</details>\n")
    }

    private static func verdict(_ trace: TraceReport, into page: inout HTMLText) {
        page.raw("<h3>Verdict</h3>\n")
        guard let latest = trace.verdicts.last else {
            page.element("p", "No verdict is recorded for this image (run `airlock verify`).")
            return
        }
        let v = latest.verdict
        page.facts([("Result", v.result), ("Verdict id", v.id), ("Rule", v.rule ?? "(none)"), ("Policy", "sha256:" + v.policySHA256),
                    ("Verification time", v.verificationTime), ("Recorded", RFC3339.format(latest.recordedAt)),
                    ("First failure", v.firstFailure.map { "\($0.id): \($0.message)" }), ("Decision log", position(latest.log)),
                    ("Earlier verdicts", trace.verdicts.count > 1
                        ? trace.verdicts.dropLast().map { "#\($0.seq) \($0.verdict.result) at \($0.verdict.verificationTime)" }.joined(separator: "; ")
                        : nil)])
        page.raw("<table class=\"checks\">\n<thead>")
        page.row(["Check", "Status", "Detail"], header: true)
        page.raw("</thead>\n<tbody>\n")
        for check in v.checks {
            page.raw("<tr>")
            page.element("td", check.id, class: "mono")
            page.element("td", check.status.rawValue, class: "status-\(check.status.rawValue)")
            page.element("td", check.message)
            page.raw("</tr>\n")
        }
        page.raw("</tbody>\n</table>\n")
    }

    private static func signatures(_ trace: TraceReport, into page: inout HTMLText) {
        page.raw("<h3>Signers</h3>\n")
        if trace.signatures.isEmpty { page.element("p", "No signature over the image or its attestations.") }
        for s in trace.signatures {
            let logs = s.logEntries.map { "index \($0.logIndex), integrated \($0.integratedTime ?? "-")" }
            let stamps = s.timestamps.map { "\($0.time ?? "-") from \($0.authority ?? "an authority not named in the response")"
                + ($0.serial.map { " (serial \($0))" } ?? "") + ($0.problem.map { ": \($0)" } ?? "") }
            page.facts([("Evidence", "\(s.kind) sha256:\(s.evidence)"), ("Statement", s.predicateType),
                        ("Identity (SAN)", s.san.isEmpty ? nil : s.san.joined(separator: ", ")), ("Issuer", s.issuer), ("Key", s.keyId),
                        ("Transparency log", logs.isEmpty ? "no entry" : logs.joined(separator: "; ")),
                        ("Timestamp authorities", stamps.isEmpty ? "none" : stamps.joined(separator: "; ")),
                        ("Verified identity", s.verifiedIdentity), ("Problem", s.problem)])
        }
    }

    private static func provenance(_ trace: TraceReport, into page: inout HTMLText) {
        page.raw("<h3>Provenance</h3>\n")
        if trace.provenance.isEmpty { page.element("p", "No SLSA provenance.") }
        for p in trace.provenance {
            page.facts([("Builder", p.builderId), ("Build type", p.buildType), ("Source repository", p.sourceRepository ?? "-"),
                        ("Commit", p.commit ?? "-"), ("Ref", p.ref ?? "-"), ("Invocation", p.invocationId), ("Predicate", p.predicateType),
                        ("Evidence", "sha256:" + p.evidence)])
        }
        for a in trace.attestations {
            page.facts([("Attestation", a.predicateType), ("Evidence", a.evidence.map { "sha256:" + $0.prefix(16) + "…" }.joined(separator: ", "))])
        }
    }

    private static func approvals(_ trace: TraceReport, into page: inout HTMLText) {
        page.raw("<h3>Approvals and revocations</h3>\n")
        if trace.approvals.isEmpty { page.element("p", "No approval names this image.") }
        for a in trace.approvals {
            page.facts([("Approval", a.id), ("Status", a.status), ("Signed", RFC3339.format(a.createdAt)),
                        ("Expires", a.expiresAt.map { RFC3339.format($0) } ?? "never"), ("Verdict", a.verdictId),
                        ("Revoked", a.revocation), ("Decision log", position(a.log)),
                        ("Revocation in log", a.revocationLog.map(position))])
        }
    }

    private static func archives(_ trace: TraceReport, into page: inout HTMLText) {
        page.raw("<h3>Transfer archives</h3>\n")
        for a in trace.archives {
            page.facts([("Archive", a.name), ("Bundle id", a.id), ("SHA-256", a.archiveSHA256), ("Imported", RFC3339.format(a.importedAt)),
                        ("Decision log", position(a.log))])
        }
    }

    /// `leaf 3 of checkpoint 12 (proof verified against its root)` and the like.
    static func position(_ log: TraceLogPosition) -> String {
        switch (log.inclusion, log.leafIndex) {
        case (let proof?, _): "leaf \(proof.leafIndex) of checkpoint \(proof.treeSize), root \(proof.rootHash)"
        case (nil, let index?): "leaf \(index), not yet covered by a signed checkpoint"
        default: "not in the decision log"
        }
    }
}
