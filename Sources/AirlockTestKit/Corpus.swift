public import Foundation

/// Locates the shared evidence corpus (`../shared/corpus`, or `$AIRLOCK_CORPUS`).
///
/// Tests that need it are enabled with `.enabled(if: Corpus.isAvailable, "corpus absent")`, so a
/// machine without the corpus shows them as skipped with the reason "corpus absent"; `.ci/run` fails on
/// that reason, so CI always runs them.
public enum Corpus {
    /// The corpus root, if one was found.
    public static let root: URL? = {
        let env = ProcessInfo.processInfo.environment
        var candidates: [URL] = []
        if let path = env["AIRLOCK_CORPUS"], !path.isEmpty {
            candidates.append(URL(fileURLWithPath: path))
        }
        // Package root is three levels above this file: Sources/AirlockTestKit/Corpus.swift.
        let packageRoot = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus"))
        return candidates.first { FileManager.default.fileExists(atPath: $0.appendingPathComponent("SOURCES.md").path) }
    }()

    /// Whether the corpus was found.
    public static var isAvailable: Bool { root != nil }


    /// The URL of a corpus file, given its path relative to the corpus root.
    public static func url(_ relativePath: String) -> URL {
        guard let root else { preconditionFailure("Corpus.url used without Corpus.isAvailable") }
        return root.appendingPathComponent(relativePath)
    }

    /// The bytes of a corpus file.
    public static func data(_ relativePath: String) throws -> Data {
        try Data(contentsOf: url(relativePath))
    }

    /// The package root (for tests that need `trustroot/` or `bundles/`).
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
}
