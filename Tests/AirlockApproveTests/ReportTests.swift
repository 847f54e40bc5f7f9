import Foundation
import Testing
import AirlockTestKit
import AirlockAppliance
import AirlockFormats

/// `airlock report`: the auditor's HTML page and its JSON twin, built from what `trace` reports, on a
/// state made by the real CLI from the demo release; escaping of hostile names; a headless Chromium
/// render (no console error, no script, a screenshot that is not blank); read-only; atomic writes.
@Suite struct ReportTests {
    static let app = "demo/app:1.0.0"

    /// The demo state with the app approved, and a report instant one hour from now (whole seconds).
    static func approvedDemo() throws -> (DemoState, String) {
        let demo = try DemoState()
        let approved = try demo.airlock(["approve", try demo.digest(named: app), "--out", demo.dir.url("out").path])
        #expect(approved.status == 0, "\(approved.output)")
        return (demo, RFC3339.format(Date().addingTimeInterval(3600)))
    }

    static func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "\(text)")
    }

    @Test("the HTML report holds every field for the demo state; the JSON has the same content and each image's trace is trace's")
    func demoContent() throws {
        let (demo, at) = try Self.approvedDemo()
        defer { demo.dir.remove() }
        let file = demo.dir.url("report.html")
        let written = try demo.airlock(["report", "--all", "--html", file.path, "--at", at])
        #expect(written.status == 0, "\(written.output)")
        let html = try String(contentsOf: file, encoding: .utf8)
        let json = try demo.airlock(["report", "--all", "--output", "json", "--at", at])
        #expect(json.status == 0, "\(json.output)")
        let report = try Self.object(json.stdout)
        #expect(report["generatedAt"] as? String == at && report["airlockVersion"] as? String == AirlockVersion.current)
        let checkpoint = try #require(report["checkpoint"] as? [String: Any])
        #expect(checkpoint["status"] as? String == "verified", "\(checkpoint)")
        #expect((checkpoint["proofsChecked"] as? Int ?? 0) >= 3)
        let images = try #require(report["images"] as? [[String: Any]])
        let app = try #require(images.first { ($0["names"] as? [String] ?? []).contains(Self.app) })
        #expect(app["result"] as? String == "PASS" && app["approval"] as? String == "active")
        let trace = try #require(app["trace"] as? [String: Any])

        // The same content as `airlock trace` (its JSON minus schemaVersion).
        var traced = try Self.object(try demo.airlock(["trace", Self.app, "--output", "json"]).stdout)
        traced["schemaVersion"] = nil
        #expect(NSDictionary(dictionary: traced).isEqual(to: trace), "report and trace differ")

        // Every field an auditor needs, on the page.
        let signature = try #require((trace["signatures"] as? [[String: Any]])?.first { !($0["san"] as? [String] ?? []).isEmpty })
        let entry = try #require((signature["logEntries"] as? [[String: Any]])?.first)
        let provenance = try #require((trace["provenance"] as? [[String: Any]])?.first)
        let verdict = try #require((trace["verdicts"] as? [[String: Any]])?.last?["verdict"] as? [String: Any])
        let approval = try #require((trace["approvals"] as? [[String: Any]])?.first)
        let size = try #require(checkpoint["size"] as? Int)
        let logIndex = try #require(entry["logIndex"] as? Int)
        let policy: String = "sha256:" + String((app["policySHA256"] as? String ?? "?").prefix(16))
        var expected: [String] = [Self.app, "&#10004; PASS", "Verified at", "Policy", at, "Airlock version", AirlockVersion.current, policy,
                                  "Timestamp authorities", "index \(logIndex)", "active", "checkpoint of size \(size): signature verified"]
        let fields: [Any?] = [verdict["verificationTime"], verdict["id"], (signature["san"] as? [String])?.first, signature["issuer"],
                              entry["integratedTime"], provenance["builderId"], provenance["buildType"], provenance["sourceRepository"],
                              provenance["commit"], approval["id"], approval["expiresAt"], checkpoint["rootHash"]]
        for field in fields { expected.append(try #require(field as? String)) }
        if let ref = provenance["ref"] as? String { expected.append(ref) }
        for check in verdict["checks"] as? [[String: Any]] ?? [] {
            expected.append(HTMLEscape.escape(try #require(check["id"] as? String)))
            expected.append(HTMLEscape.escape(try #require(check["message"] as? String)))
        }
        for text in expected {
            #expect(html.contains(text), "the page lacks \(text)")
        }
        #expect(!html.contains("<script") && !html.contains("http://") && !html.contains("src="), "the page must be self-contained")
        #expect(html.range(of: "<h2>Summary</h2>")!.lowerBound < html.range(of: "<details")!.lowerBound, "the summary comes first")
        #expect(html.contains("@media print"))

        // One image by name, one bundle by id: the same image row.
        let byImage = try Self.object(try demo.airlock(["report", "--image", Self.app, "--output", "json", "--at", at]).stdout)
        #expect((byImage["images"] as? [[String: Any]])?.count == 1 && byImage["selection"] as? String == "image \(Self.app)")
        let bundleID = try #require((trace["archives"] as? [[String: Any]])?.first?["id"] as? String)
        let byBundle = try Self.object(try demo.airlock(["report", "--bundle", bundleID, "--output", "json", "--at", at]).stdout)
        #expect((byBundle["images"] as? [[String: Any]])?.count == images.count)
    }

    @Test("a failing image shows FAIL by colour and text, starts unfolded, and names its first failed check")
    func failingImage() throws {
        let demo = try DemoState(bundle: DemoState.tampered)
        defer { demo.dir.remove() }
        let file = demo.dir.url("report.html")
        #expect(try demo.airlock(["report", "--html", file.path]).status == 0)
        let html = try String(contentsOf: file, encoding: .utf8)
        let report = try Self.object(try demo.airlock(["report", "--output", "json"]).stdout)
        let failing = try #require((report["images"] as? [[String: Any]])?.enumerated().first { $0.element["result"] as? String == "FAIL" })
        let trace = try #require(failing.element["trace"] as? [String: Any])
        let first = try #require(((trace["verdicts"] as? [[String: Any]])?.last?["verdict"] as? [String: Any])?["firstFailure"] as? [String: Any])
        #expect(html.contains("<span class=\"verdict fail\">&#10008; FAIL</span>"))
        #expect(html.contains("<tr class=\"fail\">"))
        #expect(html.contains("<details class=\"image\" id=\"image-\(failing.offset)\" open>"), "a failing image starts unfolded")
        #expect(html.contains(HTMLEscape.escape("\(first["id"] as? String ?? "?"): \(first["message"] as? String ?? "?")")))
    }

    @Test("headless Chromium: the demo report loads with no console error and no script; its screenshot is not blank")
    func chromiumRender() throws {
        let (demo, at) = try Self.approvedDemo()
        defer { demo.dir.remove() }
        let file = demo.dir.url("report.html")
        #expect(try demo.airlock(["report", "--html", file.path, "--at", at]).status == 0)
        let blank = demo.dir.url("blank.html")
        try Data("<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body></body></html>".utf8).write(to: blank)
        let probe = demo.dir.url("probe.html")
        try Data("<!DOCTYPE html><html><body><p>probe</p><script>console.error('probe-error')</script></body></html>".utf8).write(to: probe)
        let passGreen = "218,251,225"

        // The detector is real: a page that logs an error is caught, a blank page is one flat colour.
        let probed = try HeadlessChromium.load(probe, screenshot: demo.dir.url("probe.png"), width: 900, height: 1200, scratch: demo.dir)
        #expect(probed.errors.contains { $0.contains("probe-error") }, "\(probed.errors)")
        let empty = try HeadlessChromium.load(blank, screenshot: demo.dir.url("blank.png"), width: 900, height: 1200, colours: [passGreen],
                                              scratch: demo.dir)
        #expect(empty.distinctColours == 1 && empty.lumaStdDev == 0 && empty.coloursFound.isEmpty)

        let page = try HeadlessChromium.load(file, screenshot: demo.dir.url("report.png"), width: 900, height: 1200, colours: [passGreen],
                                             scratch: demo.dir)
        #expect(page.loaded && page.errors.isEmpty, "\(page.errors)")
        #expect(page.scripts == 0 && page.images == 0 && page.handlers == 0)
        #expect(page.text.contains(Self.app) && page.text.contains("PASS"), "\(page.text.prefix(400))")
        #expect(page.width == 900 && page.height == 1200)
        #expect(page.distinctColours > empty.distinctColours + 20 && page.lumaStdDev > 10, "\(page.distinctColours) colours, σ \(page.lumaStdDev)")
        #expect(page.coloursFound == [passGreen], "the PASS badge's green must be on screen")
        #expect(page.visibleCheckTables == 0, "both images pass, so their details start folded")
        let printed = try HeadlessChromium.load(file, screenshot: demo.dir.url("print.png"), width: 900, height: 1200, media: "print",
                                                scratch: demo.dir)
        #expect(printed.errors.isEmpty && printed.visibleCheckTables == 2, "print unfolds every image: \(printed.visibleCheckTables)")
    }

    @Test("hostile names (script tags, quotes, ESC, bidi overrides) are escaped in HTML and never run in Chromium")
    func hostileEscaped() throws {
        let (demo, at) = try Self.approvedDemo()
        defer { demo.dir.remove() }
        var report = try Self.object(try demo.airlock(["report", "--output", "json", "--at", at]).stdout)
        let hostileSAN = "<script>alert(1)</script>\u{1B}[31mred"
        let hostileBuilder = "\"><img src=x onerror=alert(2)>\u{202E}txt"
        var images = try #require(report["images"] as? [[String: Any]])
        var trace = try #require(images[0]["trace"] as? [String: Any])
        var signatures = try #require(trace["signatures"] as? [[String: Any]])
        signatures[0]["san"] = [hostileSAN]
        signatures[0]["issuer"] = "</td></tr></table><script>alert(3)</script>"
        trace["signatures"] = signatures
        var provenance = try #require(trace["provenance"] as? [[String: Any]])
        provenance[0]["builderId"] = hostileBuilder
        trace["provenance"] = provenance
        images[0]["trace"] = trace
        images[0]["names"] = ["<b>bold</b>'quote'"]
        report["images"] = images
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let text = try decoder.singleValueContainer().decode(String.self)
            return try #require(RFC3339.parse(text))
        }
        let decoded = try decoder.decode(AuditorReport.self, from: try JSONSerialization.data(withJSONObject: report))
        let html = ReportHTML.render(decoded)
        #expect(!html.contains("<script") && !html.contains("<img") && !html.contains("<b>bold"))
        #expect(!html.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x202E })
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;\\u{1B}[31mred"))
        #expect(html.contains("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;\\u{202E}txt"))
        #expect(html.contains("&lt;b&gt;bold&lt;/b&gt;&#39;quote&#39;"))

        let file = demo.dir.url("hostile.html")
        try ReportService.write(html, to: file.path)
        let page = try HeadlessChromium.load(file, screenshot: demo.dir.url("hostile.png"), width: 900, height: 1200, scratch: demo.dir)
        #expect(page.errors.isEmpty, "a blocked script or image would be logged: \(page.errors)")
        #expect(page.scripts == 0 && page.images == 0 && page.handlers == 0)
        #expect(page.text.contains("<script>alert(1)</script>\\u{1B}[31mred"), "shown as text")
    }

    @Test("report only reads: a read-only snapshot of the state reports and stays byte-identical")
    func readOnlySnapshot() throws {
        let (demo, at) = try Self.approvedDemo()
        defer { demo.dir.remove() }
        let snapshot = demo.dir.url("snapshot")
        try FileManager.default.copyItem(at: demo.state, to: snapshot)
        let database = snapshot.appendingPathComponent("airlock.sqlite")
        let before = try Data(contentsOf: database)
        let listing = try ScratchDirectory.listing(snapshot)
        try Tool.chmod.checked(["-R", "a-w", snapshot.path])
        defer { _ = try? Tool.chmod.checked(["-R", "u+w", snapshot.path]) }
        let result = try CLI.run(["report", "--output", "json", "--at", at, "--state", snapshot.path])
        #expect(result.status == 0, "\(result.output)")
        #expect(try Self.object(result.stdout)["images"] as? [Any] != nil)
        #expect(try Data(contentsOf: database) == before)
        #expect(try ScratchDirectory.listing(snapshot) == listing)
    }

    @Test("the HTML file is replaced atomically (no temporary left); an unwritable place and a missing output are bad input")
    func atomicAndErrors() throws {
        let (demo, at) = try Self.approvedDemo()
        defer { demo.dir.remove() }
        let out = demo.dir.url("reports")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let file = out.appendingPathComponent("r.html")
        try Data("old".utf8).write(to: file)
        #expect(try demo.airlock(["report", "--html", file.path, "--at", at]).status == 0)
        #expect(try String(contentsOf: file, encoding: .utf8).hasPrefix("<!DOCTYPE html>"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path) == ["r.html"])

        let nowhere = try demo.airlock(["report", "--html", demo.dir.url("absent/r.html").path, "--output", "json"])
        #expect(nowhere.status == 2 && nowhere.stdout.contains("\"code\" : \"output-unwritable\""), "\(nowhere.output)")
        let neither = try demo.airlock(["report"])
        #expect(neither.status == 2 && neither.stderr.contains("give --html FILE or --output json"), "\(neither.output)")
        let unknown = try demo.airlock(["report", "--image", "sha256:" + String(repeating: "0", count: 64), "--output", "json"])
        #expect(unknown.status == 2 && unknown.stdout.contains("\"code\" : \"unknown-image\""), "\(unknown.output)")
    }
}

/// The HTML escaping the report applies, restated for the tests (so they look for what the page holds).
enum HTMLEscape {
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#39;")
    }
}
