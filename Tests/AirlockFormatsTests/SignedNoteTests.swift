import Foundation
import Testing
@testable import AirlockFormats
import AirlockTestKit

@Suite("Signed notes and checkpoints")
struct SignedNoteTests {
    static let dir = "sigstore/sigstore-java/samples/checkpoints/"

    private func parseBoth(_ text: String) throws -> (SignedNote, Checkpoint) {
        let note = try SignedNote.parse(text)
        return (note, try Checkpoint.parse(noteText: note.text))
    }

    @Test("sigstore-java valid checkpoints", .enabled(if: Corpus.isAvailable, "corpus absent"))
    func valid() throws {
        let (note, cp) = try parseBoth(String(decoding: Corpus.data(Self.dir + "valid.txt"), as: UTF8.self))
        #expect(cp.origin == "rekor.sigstore.dev - 2605736670972794746" && cp.isRekorV1Style)
        #expect(cp.size == 37795272 && cp.extensions == ["Timestamp: 1697034484441201852"])
        #expect(Base64.encode(cp.rootHash) == "60ll7idWI1jYRZzxc+jKflYoW+4jWxgZaGR15ASsWt4=")
        #expect(note.text.hasSuffix("Timestamp: 1697034484441201852\n"))
        #expect(note.signatures.count == 1 && note.signatures[0].name == "rekor.sigstore.dev")
        #expect(Hex.encode(note.signatures[0].keyHint) == "c0d23d6a" && note.signatures[0].keyHintValue == 0xC0D2_3D6A)
        let (multi, _) = try parseBoth(String(decoding: Corpus.data(Self.dir + "valid_multi_sig.txt"), as: UTF8.self))
        #expect(multi.signatures.map(\.name) == ["rekor.sigstore.dev", "bob.loblaw.dev"])
    }

    @Test("sigstore-java error checkpoints fail with their fault", .enabled(if: Corpus.isAvailable, "corpus absent"), arguments: [
        ("error_header_body_separator.txt", FormatError.Code.malformedText, "no blank line"),
        ("error_header_count.txt", .malformedText, "origin, size and root hash are required"),
        ("error_no_newline_after_signature.txt", .malformedText, "does not end with a newline"),
        ("error_no_signatures.txt", .malformedText, "no signature lines"),
        ("error_not_a_number.txt", .malformedText, "tree size \"abcdefg\""),
        ("error_signature_format_invalid.txt", .malformedText, "em dash"),
        ("error_signature_length_insufficient.txt", .malformedText, "too short"),
    ])
    func errors(file: String, code: FormatError.Code, reason: String) throws {
        let text = String(decoding: try Corpus.data(Self.dir + file), as: UTF8.self)
        let err = formatError { _ = try parseBoth(text) }
        #expect(err?.code == code, "\(String(describing: err))")
        #expect(err?.reason.contains(reason) == true, "\(String(describing: err))")
    }

    @Test("checkpoints inside corpus bundles (v1 and v2, witnesses)", .enabled(if: Corpus.isAvailable, "corpus absent"))
    func bundleCheckpoints() throws {
        var v1 = 0, v2 = 0
        for (label, _, entry) in try RekorBodyTests.entries() {
            guard let envelope = entry.inclusionProof?.checkpoint else { continue }
            do {
                let (note, cp) = try parseBoth(envelope)
                #expect(cp.rootHash == entry.inclusionProof?.rootHash, "\(label)")
                if cp.isRekorV1Style { v1 += 1 } else { v2 += 1 }
                #expect(note.signatures.allSatisfy { $0.name == note.signatures[0].name || $0.cosignatureParts != nil }, "\(label)")
            } catch {
                Issue.record("\(label): \(error)")
            }
        }
        // The corpus has no witness-cosigned checkpoint; `misc` covers cosignature lines synthetically.
        #expect(v1 > 20 && v2 >= 3)
    }

    @Test("grammar violations", arguments: [
        ("o\n1\nAA==\n\n\u{2014} k AAAAAAA=\n\u{1}", FormatError.Code.malformedText, "control character U+0001"),
        ("o\n1\n\n\u{2014} k+x AAAAAAA=\n", .malformedText, "contains a space or '+'"),
        ("o\n1\n\n\u{2014}  AAAAAAA=\n", .malformedText, "is empty"),
        ("o\n1\n\n\u{2014} k\u{3000}j AAAAAAA=\n", .malformedText, "contains a space"),
        ("o\n1\n\n\u{2014} kAAAAAAA=\n", .malformedText, "no space"),
        ("o\n1\n\n\u{2014} k AAAA!AA=\n", .badBase64, "not valid base64"),
        ("o\n1\n\n\u{2014} k AAAAAAA=\n\n", .malformedText, "no signature lines"),
        ("o\n1\n\n\u{2014} k AAAAAA==\n", .malformedText, "too short"),
    ])
    func grammar(text: String, code: FormatError.Code, reason: String) {
        let err = formatError { _ = try SignedNote.parse(text) }
        #expect(err?.code == code && err?.reason.contains(reason) == true, "\(String(describing: err))")
    }

    @Test("signature cap")
    func cap() {
        var limits = Limits()
        limits.maxNoteSignatures = 2
        let text = "o\n1\n\n" + String(repeating: "\u{2014} k AAAAAAA=\n", count: 3)
        let err = formatError { _ = try SignedNote.parse(text, limits: limits) }
        #expect(err?.code == .limitExceeded)
    }

    @Test("checkpoint body rules", arguments: [
        ("o\n01\n\(Base64.encode(Data(count: 32)))\n", "leading zeros"),
        ("o\n-1\n\(Base64.encode(Data(count: 32)))\n", "leading zeros"),
        ("o\n18446744073709551616\n\(Base64.encode(Data(count: 32)))\n", "not a decimal"),
        ("o\n1\nAAAA\n", "32 bytes"),
        ("\n1\n\(Base64.encode(Data(count: 32)))\n", "origin is empty"),
        ("o\n1\n\(Base64.encode(Data(count: 32)))\n\nx\n", "empty extension"),
    ])
    func checkpointRules(text: String, reason: String) {
        let err = formatError { _ = try Checkpoint.parse(noteText: text) }
        #expect(err?.code == .malformedText && err?.reason.contains(reason) == true, "\(String(describing: err))")
    }

    @Test("Rekor v1 origin detection and cosignature message")
    func misc() throws {
        let root = Base64.encode(Data(count: 32))
        #expect(try Checkpoint.parse(noteText: "log2025-1.rekor.sigstore.dev\n0\n\(root)\n").isRekorV1Style == false)
        #expect(try Checkpoint.parse(noteText: "a - b - 12\n0\n\(root)\n").isRekorV1Style)
        #expect(try Checkpoint.parse(noteText: "a - 12x\n0\n\(root)\n").isRekorV1Style == false)
        #expect(Checkpoint.cosignatureMessage(timestamp: 1234, noteText: "o\n1\nr\n") == utf8("cosignature/v1\ntime 1234\no\n1\nr\n"))
        let sig = NoteSignature(name: "w", keyHint: Data([1, 2, 3, 4]), signature: Data([0, 0, 0, 0, 0, 0, 1, 2]) + Data(count: 64))
        #expect(sig.cosignatureParts?.timestamp == 258 && sig.cosignatureParts?.signature.count == 64)
    }
}
