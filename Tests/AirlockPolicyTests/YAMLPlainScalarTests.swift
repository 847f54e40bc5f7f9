import Foundation
import Testing
import Yams
@testable import AirlockAppliance

/// `YAMLPlainScalar` resolves plain scalars as Yams's default resolver does (its regular expressions,
/// over ICU), for the tags a policy converts: bool, int, float, null, and everything else a string.
@Suite("Policy YAML: plain scalars resolved as Yams resolves them")
struct YAMLPlainScalarTests {
    /// bool, int, float, null or str: the resolver's answer as a policy reads it.
    static func kind(_ tag: Yams.Tag.Name) -> String {
        switch tag {
        case .bool: "bool"
        case .int: "int"
        case .float: "float"
        case .null: "null"
        default: "str"
        }
    }

    static func yams(_ text: String) -> String {
        kind(Resolver.default.resolveTag(of: Node.scalar(Node.Scalar(text, .implicit, .plain))))
    }

    static let curated = [
        "", "~", "null", "Null", "NULL", "nULL", "yes", "Yes", "YES", "yEs", "no", "on", "OFF", "true", "False", "y", "n",
        "0", "+0", "-0", "00", "07", "08", "0o7", "0o", "0o8", "0b", "0b101", "0b2", "0x", "0x1F", "0xg", "0_", "1_000", "_1",
        "1:30", "1:60", "1:5", "1:05:59", "190:20:30", "1:", ":30", "0:30", "1.5", "1.", ".5", "._", ".5e3", ".5e+3", "-.5",
        "1e5", "1E+5", "1e", "1.5e-3", "1.5.5", "+.inf", "-.Inf", ".INF", ".nan", ".NaN", "-.nan", ".inF", "1:30.5", "1:30:",
        "1:30.", "-1:30.5", "<<", "=", "2001-12-14", "2001-12-14t21:59:43.10-05:00", "v1", "1.0.0", "sha256:ab", "1 2", " 1",
    ]

    @Test("a curated list of edge cases: the same answer as Yams's resolver")
    func curatedAgree() {
        for text in Self.curated {
            #expect(Self.kind(YAMLPlainScalar.tag(text)) == Self.yams(text), "\"\(text)\"")
        }
    }

    @Test("20,000 generated scalars over the characters the rules look at: the same answer as Yams's resolver")
    func generatedAgree() {
        let alphabet = Array("0123456789+-._:eExXoObBaAfF~nNlLuUiIsS<= ")
        var generator = SystemRandomNumberGenerator()
        var disagreements: [String] = []
        for _ in 0..<20_000 {
            let length = Int.random(in: 0...7, using: &generator)
            let text = String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
            if Self.kind(YAMLPlainScalar.tag(text)) != Self.yams(text) { disagreements.append(text) }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(20))")
    }
}
