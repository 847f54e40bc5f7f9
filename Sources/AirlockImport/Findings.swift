import Foundation
import AirlockStore
import AirlockFormats

/// What discovery found in a bundle so far: images (merged by digest), evidence (each once per
/// blob, subject and kind), media types learnt from descriptors, and non-fatal warnings.
struct Findings {
    let bundleID: String
    private(set) var images: [ImageRecord] = []
    private var imageIndex: [String: Int] = [:]
    private(set) var evidence: [EvidenceRecord] = []
    private var evidenceKeys: Set<String> = []
    /// Media type per blob SHA-256, from the descriptors that named them.
    var mediaTypes: [String: String] = [:]
    /// Non-fatal observations (missing evidence layers, payloads that do not parse…).
    var warnings: [String] = []
    /// Blobs made at import from parts of archive files (one per line of a gh JSON-lines file), by SHA-256;
    /// stored like any blob so evidence records can name them.
    var derivedBlobs: [String: Data] = [:]
    /// Release artifacts (plain files that are subjects by SHA-256), by path.
    var artifacts: [ArtifactRecord] = []

    init(bundleID: String) {
        self.bundleID = bundleID
    }

    /// The image with this digest, if found.
    func image(_ digest: String) -> ImageRecord? {
        imageIndex[digest].map { images[$0] }
    }

    /// Adds an image, or merges names into the one already found with the same digest.
    mutating func addImage(_ image: ImageRecord) {
        if let position = imageIndex[image.digest] {
            for name in image.names where !images[position].names.contains(name) {
                images[position].names.append(name)
            }
            return
        }
        imageIndex[image.digest] = images.count
        images.append(image)
    }

    /// Adds names to an already recorded image.
    mutating func addNames(_ names: [String], to digest: String) {
        guard let position = imageIndex[digest] else { return }
        for name in names where !images[position].names.contains(name) {
            images[position].names.append(name)
        }
    }

    /// Adds evidence unless the same blob was already recorded for the same subject and kind (and, with
    /// `perSource`, the same source: every line of a JSON-lines file is its own record).
    mutating func addEvidence(_ record: EvidenceRecord, perSource: Bool = false) {
        let key = "\(record.sha256)|\(record.subjectDigest ?? "")|\(record.kind.rawValue)" + (perSource ? "|\(record.source)" : "")
        guard evidenceKeys.insert(key).inserted else { return }
        evidence.append(record)
    }
}
