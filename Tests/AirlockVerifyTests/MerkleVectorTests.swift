import Foundation
import Testing
import AirlockTestKit
@testable import AirlockVerify

/// The transparency-dev/merkle proof vectors (inclusion, consistency, subtree inclusion, subtree
/// consistency): every one must agree with its `wantErr`.
@Suite("Merkle proof vectors (transparency-dev/merkle)")
struct MerkleVectorTests {
    struct Vector: Sendable, CustomTestStringConvertible {
        let path: String
        let numbers: [String: UInt64]
        let blobs: [String: Data]
        let proof: [Data]
        let wantErr: Bool
        let desc: String
        var testDescription: String { path }

        init(path: String, json: [String: Any]) {
            self.path = path
            var numbers: [String: UInt64] = [:]
            var blobs: [String: Data] = [:]
            for (key, value) in json {
                if let number = value as? NSNumber, key != "wantErr" { numbers[key] = number.uint64Value }
                if let text = value as? String { blobs[key] = Data(base64Encoded: text) ?? Data() }
            }
            self.numbers = numbers
            self.blobs = blobs
            self.proof = (json["proof"] as? [String] ?? []).map { Data(base64Encoded: $0) ?? Data() }
            self.wantErr = json["wantErr"] as? Bool ?? false
            self.desc = json["desc"] as? String ?? ""
        }

        func uint(_ key: String) -> UInt64 { numbers[key] ?? 0 }
        func bytes(_ key: String) -> Data { blobs[key] ?? Data() }

        /// Runs the vector; nil when the proof verified.
        func run() -> MerkleError? {
            do {
                switch path.split(separator: "/").first {
                case "inclusion":
                    try MerkleInclusion.verify(index: uint("leafIdx"), size: uint("treeSize"), leafHash: bytes("leafHash"), root: bytes("root"), proof: proof)
                case "subtreeinclusion":
                    try MerkleInclusion.verifySubtree(index: uint("leafIdx"), start: uint("start"), end: uint("end"), leafHash: bytes("leafHash"), root: bytes("root"), proof: proof)
                case "consistency":
                    try MerkleConsistency.verify(size1: uint("size1"), size2: uint("size2"), root1: bytes("root1"), root2: bytes("root2"), proof: proof)
                case "subtreeconsistency":
                    try MerkleConsistency.verifySubtree(start: uint("start"), end: uint("end"), size: uint("size"), subtreeRoot: bytes("root1"), root: bytes("root2"), proof: proof)
                default:
                    return MerkleError(.invalidParameters, "unknown vector kind \(path)")
                }
                return nil
            } catch {
                return error
            }
        }
    }

    static let vectors: [Vector] = {
        guard Corpus.isAvailable else { return [] }
        let base = Corpus.url("merkle/transparency-dev-merkle")
        let files = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "json" } ?? []
        return files.sorted { $0.path < $1.path }.compactMap { url in
            guard let data = try? Data(contentsOf: url),
                  let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
            return Vector(path: String(url.path.dropFirst(base.path.count + 1)), json: json)
        }
    }()

    @Test("all 518 vectors are present", .enabled(if: Corpus.isAvailable, "corpus absent"))
    func count() {
        #expect(Self.vectors.count == 518)
        #expect(Self.vectors.filter { !$0.wantErr }.count == 36)
    }

    @Test("each vector agrees with wantErr", .enabled(if: Corpus.isAvailable, "corpus absent"), arguments: vectors)
    func agrees(_ vector: Vector) {
        let error = vector.run()
        if vector.wantErr {
            #expect(error != nil, "expected \(vector.path) to fail: \(vector.desc)")
        } else {
            #expect(error == nil, "expected \(vector.path) to pass, got \(error?.reason ?? "")")
        }
    }
}
