import Foundation
import AirlockAppliance
import AirlockFormats
import AirlockImport

/// Text rendering of import reports and catalogue listings (no decisions, only layout).
enum ImportText {
    /// `showVerdicts: false` when verdicts are printed right after (`import --policy`).
    static func render(_ report: ImportReport, showVerdicts: Bool = true) {
        let bundle = report.bundle
        if report.alreadyImported {
            print("already imported: bundle \(bundle.id) \"\(bundle.name)\" (\(ContentDigest.sha256Reference(bundle.archiveSHA256))); nothing changed")
        } else {
            print("imported bundle \(bundle.id) \"\(bundle.name)\": \(bundle.files) files, \(bytes(bundle.bytes))")
        }
        render(report.images, showVerdicts: showVerdicts)
        render(report.artifacts, showVerdicts: showVerdicts)
        for evidence in report.unlinkedEvidence {
            print("  evidence \(evidence.kind) \(evidence.source)")
        }
        for warning in report.warnings {
            print("  warning: \(warning)")
        }
        for file in report.checkpoints ?? [] {
            let root = file.trustRoot.map { " (trust root \($0))" } ?? ""
            print("  \(file.file): \(file.outcome): \(file.origin) at size \(file.size)\(root): \(file.message)")
        }
    }

    static func render(_ bundles: [ArchiveSummary]) {
        if bundles.isEmpty { print("no bundles imported"); return }
        for bundle in bundles {
            print("\(bundle.id)  \(RFC3339.format(bundle.importedAt, .secondsOfNearestMillisecond))  \(bundle.files) files  \(bytes(bundle.bytes))  \(bundle.name)")
        }
    }

    static func render(_ images: [ImageSummary], showVerdicts: Bool = true) {
        for image in images {
            let name = image.names.isEmpty ? "(untagged)" : image.names.joined(separator: ", ")
            print("  \(name)")
            print("    digest:    \(image.digest)\(image.complete ? "" : "  INCOMPLETE (\(image.missingBlobs.count) blobs missing)")")
            if !image.platforms.isEmpty { print("    platforms: \(image.platforms.joined(separator: ", "))") }
            for child in image.platformManifests {
                print("    platform:  \(child.platform)  \(child.digest)  \(child.evidence) evidence of its own")
            }
            let kinds = Dictionary(grouping: image.evidence, by: \.kind).map { "\($0.value.count) \($0.key)" }.sorted()
            print("    evidence:  \(kinds.isEmpty ? "none" : kinds.joined(separator: ", "))")
            guard showVerdicts else { continue }
            if let verdict = image.verdict {
                print("    verdict:   \(verdict.result) at \(verdict.verificationTime) (\(verdict.id.prefix(16))…)")
                if let failure = verdict.firstFailure { print("    failed:    \(failure)") }
            } else {
                print("    verdict:   not verified")
            }
        }
    }

    /// Release artifacts: path, digest, evidence and (unless verdicts follow) the latest verdict.
    static func render(_ artifacts: [ArtifactSummary], showVerdicts: Bool = true) {
        for artifact in artifacts {
            print("  artifact \(artifact.path)")
            print("    digest:    \(artifact.digest)  \(bytes(artifact.size))")
            let kinds = Dictionary(grouping: artifact.evidence, by: \.kind).map { "\($0.value.count) \($0.key)" }.sorted()
            print("    evidence:  \(kinds.isEmpty ? "none" : kinds.joined(separator: ", "))")
            guard showVerdicts else { continue }
            if let verdict = artifact.verdict {
                print("    verdict:   \(verdict.result) at \(verdict.verificationTime) (\(verdict.id.prefix(16))…)")
                if let failure = verdict.firstFailure { print("    failed:    \(failure)") }
            } else {
                print("    verdict:   not verified")
            }
        }
    }

    /// `1.5 MiB`.
    static func bytes(_ count: Int64) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(count)
        var unit = 0
        while value >= 1024 && unit < units.count - 1 { value /= 1024; unit += 1 }
        return unit == 0 ? "\(count) B" : String(format: "%.1f %@", value, units[unit])
    }
}

/// A progress line on standard error: rewritten in place on a terminal, an occasional plain line otherwise.
///
/// `@unchecked Sendable`: the import calls `update` from one thread at a time; the lock guards the state anyway.
final class ProgressLine: @unchecked Sendable {
    private let handle: FileHandle
    private let isTerminal: Bool
    private let lock = NSLock()
    private let start = Date()
    private var lastPrint = Date.distantPast
    private var printed = false

    init(to handle: FileHandle) {
        self.handle = handle
        isTerminal = isatty(handle.fileDescriptor) != 0
    }

    func update(_ progress: ImportProgress) {
        lock.lock()
        defer { lock.unlock() }
        let now = Date()
        let interval: TimeInterval = isTerminal ? 0.2 : 10
        guard now.timeIntervalSince(lastPrint) >= interval, now.timeIntervalSince(start) >= 1 else { return }
        lastPrint = now
        let rate = Double(progress.archiveBytesRead) / max(now.timeIntervalSince(start), 0.001)
        let total = progress.archiveBytesTotal.map { " / \(ImportText.bytes($0))" } ?? ""
        let line = "importing: \(ImportText.bytes(progress.archiveBytesRead))\(total) read, \(progress.entries) entries, \(ImportText.bytes(Int64(rate)))/s"
        handle.write(Data((isTerminal ? "\r\u{1B}[K" + line : line + "\n").utf8))
        printed = true
    }

    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if isTerminal && printed { handle.write(Data("\r\u{1B}[K".utf8)) }
        printed = false
    }
}
