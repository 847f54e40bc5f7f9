import Foundation
import Testing
@testable import AirlockFormats

/// PEM blocks are found with white space around their lines, and only well-formed blocks are kept.
@Suite struct PEMTests {
    static let body = Data("airlock".utf8).base64EncodedString()

    @Test("lines indented or trailed by spaces, tabs or other white space still form the block")
    func whiteSpaceAroundLines() {
        for (pad, tail) in [("", ""), ("  ", "\t "), ("\t", "\u{0B}"), ("\u{A0}", "\u{2003}")] {
            let text = "\(pad)-----BEGIN CERTIFICATE-----\(tail)\r\n\(pad)\(Self.body)\(tail)\n\(pad)-----END CERTIFICATE-----\(tail)\n"
            #expect(PEM.decode(text) == [PEM.Block(label: "CERTIFICATE", der: Data("airlock".utf8))], "pad \(Array(pad.unicodeScalars)) tail \(Array(tail.unicodeScalars))")
        }
    }

    @Test("a block whose END label differs, or whose base64 does not decode, is skipped; text outside blocks is ignored")
    func malformedBlocksSkipped() {
        #expect(PEM.decode("-----BEGIN A-----\n\(Self.body)\n-----END B-----\n").isEmpty)
        #expect(PEM.decode("-----BEGIN A-----\n!!not base64!!\n-----END A-----\n").isEmpty)
        let two = "junk\n-----BEGIN A-----\n\(Self.body)\n-----END A-----\nmore junk\n-----BEGIN B-----\n\(Self.body)\n-----END B-----\n"
        #expect(PEM.decode(two).map(\.label) == ["A", "B"])
    }

    @Test("trimming: ASCII lines on their bytes, others by Character")
    func trimming() {
        #expect(PEM.trimmed(" \t abc \t") == "abc")
        #expect(PEM.trimmed("   ") == "")
        #expect(PEM.trimmed("\u{A0}é\u{A0}") == "é")
        #expect(PEM.trimmed("a b") == "a b")
    }
}
