import Foundation
import AirlockCrypto
import AirlockFormats
import AirlockStore
import AirlockVerify

/// Checks a report against its checkpoint: the note's signature with the appliance key ring, and every
/// record's inclusion proof against the signed root, so the report states what it was checked against.
struct ReportProofCheck {
    let stateDirectory: URL

    func check(_ checkpoint: DecisionLogCheckpoint?, images: [ReportImage]) -> ReportCheckpoint {
        guard let checkpoint else {
            return ReportCheckpoint(status: "unsigned", size: 0, rootHash: "", keyId: nil, signedAt: nil, proofsChecked: 0,
                                    problems: ["the decision log has no signed checkpoint yet (run `airlock keys init`, then any write)"])
        }
        var problems: [String] = []
        var root = Data()
        do throws(ApplianceError) {
            let keys = ApplianceKeys(stateDirectory: stateDirectory)
            let ring = try keys.load()
            guard let key = try keys.publicKeys()[checkpoint.keyID] else {
                throw ApplianceError(.verificationFailed, "signed by key \(checkpoint.keyID), which is not in the key ring")
            }
            let note = try Self.verify(checkpoint.note, origin: DecisionLogNote.origin(applianceID: ring.applianceID), key: key)
            if note.size != UInt64(checkpoint.size) { problems.append("the signed note says size \(note.size), stored as \(checkpoint.size)") }
            root = note.rootHash
        } catch {
            problems.append("checkpoint \(checkpoint.size): \(error.reason)")
        }
        var checked = 0
        for position in images.flatMap(Self.positions) {
            guard let proof = position.inclusion else { continue }
            checked += 1
            do throws(MerkleError) {
                guard let leaf = Hex.decode(proof.leafHash), let signed = Hex.decode(proof.rootHash), signed == root || root.isEmpty else {
                    throw MerkleError(.rootMismatch, "its root \(proof.rootHash) is not the signed root")
                }
                try MerkleInclusion.verify(index: UInt64(proof.leafIndex), size: UInt64(proof.treeSize), leafHash: leaf, root: signed,
                                           proof: proof.proof.compactMap(Hex.decode))
            } catch {
                problems.append("\(proof.kind) \(proof.recordId): inclusion proof fails: \(error.reason)")
            }
        }
        let rootHex = root.isEmpty ? (images.flatMap(Self.positions).compactMap(\.inclusion).first?.rootHash ?? "") : Hex.encode(root)
        return ReportCheckpoint(status: problems.isEmpty ? "verified" : "failed", size: Int(checkpoint.size), rootHash: rootHex,
                                keyId: checkpoint.keyID, signedAt: RFC3339.format(checkpoint.signedAt), proofsChecked: checked,
                                problems: problems)
    }

    private static func verify(_ note: String, origin: String, key: PublicKey) throws(ApplianceError) -> Checkpoint {
        do { return try DecisionLogNote.verify(note, origin: origin, key: key) } catch {
            throw ApplianceError(.verificationFailed, "signature check failed: \(error.reason)")
        }
    }

    /// Every log position of an image's records.
    static func positions(_ image: ReportImage) -> [TraceLogPosition] {
        let trace = image.trace
        return trace.archives.map(\.log) + trace.verdicts.map(\.log) + trace.approvals.flatMap { [$0.log] + ($0.revocationLog.map { [$0] } ?? []) }
    }
}
