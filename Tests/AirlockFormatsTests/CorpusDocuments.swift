import Foundation
import AirlockTestKit

/// Walks the corpus and yields every JSON document (JSONL files line by line) with a label `path` or `path:line`.
enum CorpusDocuments {
    struct Document: Sendable, CustomStringConvertible {
        let label: String
        let data: Data
        var description: String { label }
    }

    /// Every JSON document under `subdirectory` whose raw text satisfies `filter`.
    static func all(under subdirectory: String, where filter: (String) -> Bool) throws -> [Document] {
        let root = Corpus.url(subdirectory)
        let rootPath = Corpus.url("").path
        var out: [Document] = []
        let urls = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)!
            .compactMap { $0 as? URL }.sorted { $0.path < $1.path }
        for url in urls {
            guard let data = try? Data(contentsOf: url), let text = String(data: data, encoding: .utf8) else { continue }
            let rel = String(url.path.dropFirst(rootPath.count)).trimmingCharacters(in: CharacterSet(charactersIn: "/"))
            if url.pathExtension == "jsonl" {
                for (i, line) in text.split(separator: "\n").enumerated() where filter(String(line)) {
                    out.append(Document(label: "\(rel):\(i + 1)", data: Data(line.utf8)))
                }
            } else if text.first == "{" || text.first == "[", filter(text) {
                out.append(Document(label: rel, data: data))
            }
        }
        return out
    }
}
