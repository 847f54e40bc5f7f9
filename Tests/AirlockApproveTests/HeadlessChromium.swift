import Foundation
import Testing
import AirlockTestKit

/// Opens a local page in headless Chromium over the DevTools pipe (no network, no port): collects console
/// errors, uncaught exceptions and Log-domain errors (Content-Security-Policy violations, failed loads),
/// evaluates a few DOM facts, takes a screenshot and decodes the PNG to pixel statistics. Chromium must be
/// installed (`tools/bootstrap`); a missing browser fails the test (status 127), it never skips.
struct HeadlessChromium {
    /// What one page load gave.
    struct Page: Decodable {
        /// Console errors, exceptions and error-level log entries, one line each.
        var errors: [String]
        /// Whether the load event fired.
        var loaded: Bool
        /// `document.scripts.length`, images and elements with an inline event handler.
        var scripts: Int
        var images: Int
        var handlers: Int
        /// Checks tables with a non-zero height (folded `<details>` hide theirs on screen; print shows all).
        var visibleCheckTables: Int
        /// The text of the body (`document.body.textContent`, folded details included).
        var text: String
        /// Screenshot statistics.
        var width: Int
        var height: Int
        var distinctColours: Int
        var lumaStdDev: Double
        /// Colours (`r,g,b`) found among the screenshot's pixels, of those asked for (±4 per channel).
        var coloursFound: [String]
    }

    static let browser = Tool("chromium")

    /// Loads `page` at `width`×`height` and reports; `colours` are `r,g,b` triples to look for.
    static func load(_ page: URL, screenshot: URL, width: Int = 1000, height: Int = 1300, colours: [String] = [],
                     media: String = "screen", scratch: ScratchDirectory) throws -> Page {
        let executable = try #require(browser.executable, "chromium is not installed: run tools/bootstrap")
        let script = scratch.url("cdp-\(UUID().uuidString).py")
        try Data(Self.script.utf8).write(to: script)
        let run = try Tool.python3.run([script.path, executable.path, page.absoluteString, screenshot.path, String(width), String(height),
                                        media] + colours)
        #expect(run.status == 0, "\(run.output)")
        return try JSONDecoder().decode(Page.self, from: run.stdoutData)
    }

    static let script = #"""
        import base64, json, os, subprocess, sys, tempfile, time, zlib
        chromium, url, png, width, height = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
        media = sys.argv[6]
        wanted = [tuple(int(v) for v in c.split(",")) for c in sys.argv[7:]]
        to_child_r, to_child_w = os.pipe()
        from_child_r, from_child_w = os.pipe()
        profile = tempfile.mkdtemp(prefix="airlock-chromium-")
        def child_fds():
            os.dup2(to_child_r, 3); os.dup2(from_child_w, 4)
        proc = subprocess.Popen([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe", "--no-first-run",
                                 "--no-default-browser-check", "--disable-extensions", "--user-data-dir=" + profile,
                                 f"--window-size={width},{height}", "about:blank"],
                                pass_fds=(3, 4), preexec_fn=child_fds, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_child_r); os.close(from_child_w)
        out = os.fdopen(to_child_w, "wb", buffering=0); inp = os.fdopen(from_child_r, "rb", buffering=0)
        buffer = b""; next_id = 0; events = []
        def read_message():
            global buffer
            while b"\0" not in buffer:
                chunk = inp.read(65536)
                if not chunk: sys.exit("chromium closed the DevTools pipe")
                buffer += chunk
            raw, buffer = buffer.split(b"\0", 1)
            return json.loads(raw)
        def call(method, params=None, session=None):
            global next_id
            next_id += 1; wanted_id = next_id
            message = {"id": wanted_id, "method": method, "params": params or {}}
            if session: message["sessionId"] = session
            out.write(json.dumps(message).encode() + b"\0")
            while True:
                message = read_message()
                if message.get("id") == wanted_id:
                    if "error" in message: sys.exit(f"{method}: {message['error']}")
                    return message.get("result", {})
                events.append(message)
        target = call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page.enable", "Runtime.enable", "Log.enable"): call(domain, session=session)
        call("Emulation.setDeviceMetricsOverride", {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False}, session)
        call("Emulation.setEmulatedMedia", {"media": media}, session)
        call("Page.navigate", {"url": url}, session)
        deadline = time.time() + 60
        while time.time() < deadline and not any(e.get("method") == "Page.loadEventFired" for e in events):
            events.append(read_message())
        def evaluate(expression):
            return call("Runtime.evaluate", {"expression": expression, "returnByValue": True}, session)["result"].get("value")
        facts = {"visibleCheckTables": evaluate("[...document.querySelectorAll('table.checks')].filter(t => t.checkVisibility()).length"),
                 "scripts": evaluate("document.scripts.length"), "images": evaluate("document.images.length"),
                 "handlers": evaluate("[...document.querySelectorAll('*')].filter(e => [...e.attributes].some(a => a.name.startsWith('on'))).length"),
                 "text": evaluate("document.body ? document.body.textContent : ''")}
        shot = call("Page.captureScreenshot", {"format": "png"}, session)
        with open(png, "wb") as f: f.write(base64.b64decode(shot["data"]))
        errors = []
        for e in events:
            m, p = e.get("method"), e.get("params", {})
            if m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
                errors.append("console." + p["type"] + ": " + " ".join(str(a.get("value", a.get("description", ""))) for a in p.get("args", [])))
            elif m == "Runtime.exceptionThrown":
                errors.append("exception: " + p.get("exceptionDetails", {}).get("text", ""))
            elif m == "Log.entryAdded" and p.get("entry", {}).get("level") == "error":
                errors.append("log: " + p["entry"].get("text", ""))
        try: call("Browser.close")
        except SystemExit: pass
        proc.wait(timeout=20)

        def decode(path):
            data = open(path, "rb").read()
            assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
            pos, idat = 8, b""
            while pos < len(data):
                length = int.from_bytes(data[pos:pos + 4], "big"); kind = data[pos + 4:pos + 8]; body = data[pos + 8:pos + 8 + length]
                pos += 12 + length
                if kind == b"IHDR":
                    w, h, depth, ctype = int.from_bytes(body[:4], "big"), int.from_bytes(body[4:8], "big"), body[8], body[9]
                elif kind == b"IDAT":
                    idat += body
            assert depth == 8 and ctype in (2, 6), f"unexpected PNG depth {depth} colour type {ctype}"
            bpp = 3 if ctype == 2 else 4
            raw = zlib.decompress(idat); stride = w * bpp; prev = bytearray(stride); rows = []; i = 0
            for _ in range(h):
                f = raw[i]; line = bytearray(raw[i + 1:i + 1 + stride]); i += 1 + stride
                if f == 2:
                    line = bytearray((x + y) & 255 for x, y in zip(line, prev))
                elif f != 0:
                    for x in range(stride):
                        a = line[x - bpp] if x >= bpp else 0; b = prev[x]; c = prev[x - bpp] if x >= bpp else 0
                        if f == 1: line[x] = (line[x] + a) & 255
                        elif f == 3: line[x] = (line[x] + ((a + b) >> 1)) & 255
                        else:
                            p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                            line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
                rows.append(bytes(line)); prev = line
            return w, h, bpp, rows
        w, h, bpp, rows = decode(png)
        colours = set(); total = 0.0; total2 = 0.0; count = 0
        for row in rows[::2]:
            for x in range(0, len(row), bpp * 2):
                r, g, b = row[x], row[x + 1], row[x + 2]
                colours.add((r, g, b)); luma = 0.299 * r + 0.587 * g + 0.114 * b
                total += luma; total2 += luma * luma; count += 1
        mean = total / count
        found = [f"{c[0]},{c[1]},{c[2]}" for c in wanted
                 if any(abs(c[0] - r) <= 4 and abs(c[1] - g) <= 4 and abs(c[2] - b) <= 4 for (r, g, b) in colours)]
        print(json.dumps({"errors": errors, "loaded": any(e.get("method") == "Page.loadEventFired" for e in events), **facts,
                          "width": w, "height": h, "distinctColours": len(colours), "lumaStdDev": max(0.0, total2 / count - mean * mean) ** 0.5,
                          "coloursFound": found}))
        """#
}
