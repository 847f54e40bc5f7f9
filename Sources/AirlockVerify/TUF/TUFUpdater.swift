import Foundation
import AirlockCrypto
public import AirlockFormats

/// The TUF client workflow (TUF specification §5.3–5.7, "detailed client workflow") run offline
/// over a directory: the root chain, then timestamp → snapshot → targets, then one target file.
public enum TUFUpdater {
    /// Runs the update; throws the first refused step and returns only when every step passed.
    public static func update(_ request: TUFUpdateRequest, files: TUFFiles, limits: Limits = .default) throws(TUFError) -> TUFUpdateResult {
        var notes: [String] = []
        let start = try checkTUFRoot(request.trustedRoot, limits: limits)
        let (root, rootJSON) = try walkRootChain(from: start, bytes: request.trustedRoot, files: files, limits: limits)
        var floors = (timestamp: request.timestampFloor, snapshot: request.snapshotFloor)
        // §5.3.11: a rotated timestamp or snapshot key resets their trusted versions (fast-forward recovery).
        if root.metadata.version != start.metadata.version,
           root.roles["timestamp"] != start.roles["timestamp"] || root.roles["snapshot"] != start.roles["snapshot"] {
            if floors != (0, 0) { notes.append("timestamp/snapshot keys rotated: their rollback floors were reset") }
            floors = (0, 0)
        }
        // §5.3.10: the final root must not be expired.
        try checkExpiry(root.metadata, file: "\(root.metadata.version).root.json", at: request.at, grace: 0, notes: &notes)
        let timestamp = try timestampStep(root, request, floors: floors, files: files, limits: limits, notes: &notes)
        let snapshot = try snapshotStep(root, request, timestamp: timestamp, floor: floors.snapshot, files: files, limits: limits, notes: &notes)
        let (targets, targetFiles) = try targetsStep(root, request, snapshot: snapshot, files: files, limits: limits, notes: &notes)
        let target = try targetStep(request.target, listed: targetFiles, consistent: root.consistentSnapshot, files: files, limits: limits)
        return TUFUpdateResult(rootJSON: rootJSON, rootVersion: root.metadata.version, timestampVersion: timestamp.version,
                               snapshotVersion: snapshot.version, targetsVersion: targets, target: target, notes: notes)
    }

    /// §5.3.2–5.3.9: each `N+1.root.json` is signed by a threshold of the old root keys and of its own,
    /// and has version N+1; the walk stops at the first missing version.
    static func walkRootChain(from start: TUFRoot, bytes: Data, files: TUFFiles, limits: Limits) throws(TUFError) -> (TUFRoot, Data) {
        var trusted = start
        var trustedBytes = bytes
        for step in 0... {
            let version = trusted.metadata.version + 1
            let file = "\(version).root.json"
            guard let data = files.metadata(file) else { break }
            guard step < limits.maxTUFRootRotations else {
                throw TUFError(.tooManyRoots, "more than \(limits.maxTUFRootRotations) root versions", file: file)
            }
            let next = try parseRoot(data, file: file, limits: limits)
            try TUFSignatures.requireThreshold(next.metadata, role: "root", of: trusted, file: file, which: "version \(trusted.metadata.version)")
            try TUFSignatures.requireThreshold(next.metadata, role: "root", of: next, file: file, which: "its own")
            guard next.metadata.version == version else {
                throw TUFError(.rootVersion, "root version is \(next.metadata.version), expected \(version)", file: file)
            }
            trusted = next
            trustedBytes = data
        }
        return (trusted, trustedBytes)
    }

    /// §5.4: the timestamp, signed at its threshold, no older than what was seen, not expired.
    static func timestampStep(_ root: TUFRoot, _ request: TUFUpdateRequest, floors: (timestamp: Int, snapshot: Int), files: TUFFiles,
                              limits: Limits, notes: inout [String]) throws(TUFError) -> TUFStep {
        let floor = floors.timestamp
        let file = "timestamp.json"
        let metadata = try load(file, type: "timestamp", files: files, limits: limits)
        try TUFSignatures.requireThreshold(metadata, role: "timestamp", of: root, file: file, which: "root's")
        guard metadata.version >= floor else {
            throw TUFError(.rollback, "timestamp version \(metadata.version) is lower than version \(floor) already seen", file: file)
        }
        let meta: [String: TUFMetaFile]
        do { meta = try TUFMetaFile.readMeta(metadata.signed, limits: limits) } catch { throw malformed(file, error) }
        guard let snapshot = meta["snapshot.json"] else { throw TUFError(.malformedMetadata, "timestamp lists no snapshot.json", file: file) }
        guard snapshot.version >= floors.snapshot else {
            throw TUFError(.rollback, "timestamp lists snapshot version \(snapshot.version), lower than version \(floors.snapshot) already seen", file: file)
        }
        try checkExpiry(metadata, file: file, at: request.at, grace: request.grace, notes: &notes)
        return TUFStep(version: metadata.version, listed: snapshot)
    }

    /// §5.5: the snapshot the timestamp names (length, hashes, version), signed, not rolled back, not expired.
    static func snapshotStep(_ root: TUFRoot, _ request: TUFUpdateRequest, timestamp: TUFStep, floor: Int, files: TUFFiles,
                             limits: Limits, notes: inout [String]) throws(TUFError) -> TUFStep {
        let listed = timestamp.listed
        let (file, data) = try versioned("snapshot", listed.version, consistent: root.consistentSnapshot, files: files)
        try checkLengthAndHashes(data, length: listed.length, hashes: listed.hashes, file: file)
        let metadata = try parse(data, file: file, type: "snapshot", limits: limits)
        try TUFSignatures.requireThreshold(metadata, role: "snapshot", of: root, file: file, which: "root's")
        guard metadata.version == listed.version else {
            throw TUFError(.versionMismatch, "snapshot version is \(metadata.version), the timestamp lists \(listed.version)", file: file)
        }
        guard metadata.version >= floor else {
            throw TUFError(.rollback, "snapshot version \(metadata.version) is lower than version \(floor) already seen", file: file)
        }
        let meta: [String: TUFMetaFile]
        do { meta = try TUFMetaFile.readMeta(metadata.signed, limits: limits) } catch { throw malformed(file, error) }
        guard let targets = meta["targets.json"] else { throw TUFError(.malformedMetadata, "snapshot lists no targets.json", file: file) }
        guard targets.version >= request.targetsFloor else {
            throw TUFError(.rollback, "snapshot lists targets version \(targets.version), lower than version \(request.targetsFloor) already seen", file: file)
        }
        try checkExpiry(metadata, file: file, at: request.at, grace: request.grace, notes: &notes)
        return TUFStep(version: metadata.version, listed: targets)
    }

    /// §5.6: the targets the snapshot names, signed, not expired (no grace); returns its version and files.
    static func targetsStep(_ root: TUFRoot, _ request: TUFUpdateRequest, snapshot: TUFStep, files: TUFFiles, limits: Limits,
                            notes: inout [String]) throws(TUFError) -> (Int, [String: TUFTargetFile]) {
        let listed = snapshot.listed
        let (file, data) = try versioned("targets", listed.version, consistent: root.consistentSnapshot, files: files)
        try checkLengthAndHashes(data, length: listed.length, hashes: listed.hashes, file: file)
        let metadata = try parse(data, file: file, type: "targets", limits: limits)
        try TUFSignatures.requireThreshold(metadata, role: "targets", of: root, file: file, which: "root's")
        guard metadata.version == listed.version else {
            throw TUFError(.versionMismatch, "targets version is \(metadata.version), the snapshot lists \(listed.version)", file: file)
        }
        try checkExpiry(metadata, file: file, at: request.at, grace: 0, notes: &notes)
        do { return (metadata.version, try TUFTargetFile.readTargets(metadata.signed, limits: limits)) } catch { throw malformed(file, error) }
    }

    /// §5.7: the target, listed by the top-level targets (delegations are not followed), its length and hashes equal.
    static func targetStep(_ name: String, listed: [String: TUFTargetFile], consistent: Bool, files: TUFFiles, limits: Limits) throws(TUFError) -> Data {
        guard let entry = listed[name] else { throw TUFError(.missingTarget, "targets.json does not list \(name)", file: name) }
        guard entry.length <= limits.maxJSONBytes else { throw TUFError(.lengthMismatch, "listed length \(entry.length) is over the limit", file: name) }
        let prefixed = entry.hashes["sha256"].map { "\($0).\(name)" }
        guard let data = (consistent ? prefixed.flatMap(files.target) : nil) ?? files.target(name) else {
            throw TUFError(.missingTarget, "the target file is not in the directory", file: name)
        }
        try checkLengthAndHashes(data, length: entry.length, hashes: entry.hashes, file: name, requireHash: true)
        return data
    }
}
