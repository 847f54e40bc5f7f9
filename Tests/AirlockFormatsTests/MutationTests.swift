import Foundation
import Testing
@testable import AirlockFormats
import AirlockTestKit

/// Deterministic byte mutations of real inputs: every parser must either succeed or throw a
/// `FormatError` (never crash, never throw anything else).
@Suite("Mutated inputs", .enabled(if: Corpus.isAvailable, "corpus absent"))
struct MutationTests {
    struct LCG {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    static let interesting: [UInt8] = Array(#"{}[]",:\-0123456789eE.+tfn "#.utf8) + [0x00, 0x1F, 0x80, 0xC0, 0xED, 0xF4, 0xFF]

    static func mutations(of data: Data, count: Int, seed: UInt64) -> [Data] {
        var rng = LCG(state: seed)
        return (0..<count).map { _ in
            var d = [UInt8](data)
            for _ in 0...rng.next(3) {
                let i = rng.next(d.count)
                switch rng.next(3) {
                case 0: d[i] = interesting[rng.next(interesting.count)]
                case 1: d.remove(at: i)
                default: d.insert(interesting[rng.next(interesting.count)], at: i)
                }
            }
            return Data(d)
        }
    }

    private func onlyFormatErrors(_ body: () throws -> Void) -> Bool {
        do { try body() } catch is FormatError { } catch { return false }
        return true
    }

    @Test("bundles, trusted roots, notes and bodies under mutation")
    func mutate() throws {
        let bundle = try Corpus.data("sigstore/sigstore-java/samples/bundles/bundle-with-rekor-v2-entry.sigstore")
        for m in Self.mutations(of: bundle, count: 1500, seed: 1) {
            #expect(onlyFormatErrors { _ = try SigstoreBundle.parse(m) })
        }
        let root = try Corpus.data("tuf/sigstore-root-signing/targets/trusted_root.json")
        for m in Self.mutations(of: root, count: 500, seed: 2) {
            #expect(onlyFormatErrors { _ = try TrustedRoot.parse(m) })
        }
        let note = try Corpus.data("sigstore/sigstore-java/samples/checkpoints/valid_multi_sig.txt")
        for m in Self.mutations(of: note, count: 1000, seed: 3) {
            #expect(onlyFormatErrors {
                let n = try SignedNote.parse(String(decoding: m, as: UTF8.self))
                _ = try Checkpoint.parse(noteText: n.text)
            })
        }
        let b = try SigstoreBundle.parse(bundle)
        for m in Self.mutations(of: b.verificationMaterial.tlogEntries[0].canonicalizedBody, count: 1000, seed: 4) {
            #expect(onlyFormatErrors {
                let v = try JSONValue.parse(m)
                _ = try? CanonicalJSON.rfc8785(v)
                _ = try RekorBody.parse(m)
            })
        }
    }
}
