import Foundation
import AirlockFormats

/// Names what differs between a logged entry and the entry the catalogue gives now: up to `limit`
/// JSON paths with both values (`rows.verdicts[0].result: logged "PASS", now "FAIL"`).
enum EntryDiff {
    /// The differing paths, in document order.
    static func describe(logged: Data, now: Data, limit: Int = 4) -> String {
        guard let old = try? JSONValue.parse(logged), let new = try? JSONValue.parse(now) else {
            return "the logged entry does not parse"
        }
        var out: [String] = []
        walk(old, new, path: "", into: &out)
        let shown = out.prefix(limit).joined(separator: "; ")
        return out.count > limit ? "\(shown); and \(out.count - limit) more" : shown
    }

    private static func walk(_ old: JSONValue?, _ new: JSONValue?, path: String, into out: inout [String]) {
        if old == new { return }
        switch (old, new) {
        case (.object(let a)?, .object(let b)?):
            var keys = a.keys
            keys.append(contentsOf: b.keys.filter { !a.contains($0) })
            for key in keys { walk(a[key], b[key], path: path.isEmpty ? key : "\(path).\(key)", into: &out) }
        case (.array(let a)?, .array(let b)?):
            for i in 0..<max(a.count, b.count) {
                walk(i < a.count ? a[i] : nil, i < b.count ? b[i] : nil, path: "\(path)[\(i)]", into: &out)
            }
        default:
            out.append("\(path): logged \(render(old)), now \(render(new))")
        }
    }

    private static func render(_ value: JSONValue?) -> String {
        guard let value else { return "absent" }
        let text = String(decoding: CanonicalJSON.compact(value), as: UTF8.self)
        return text.count > 80 ? String(text.prefix(77)) + "..." : text
    }
}
