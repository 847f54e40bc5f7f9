import AirlockFormats
import AirlockTestKit
import AirlockVerify
import Foundation
import Testing

@Suite("in-toto layouts from the corpus")
struct InTotoCorpusTests {
    @Test("golang demo layouts pass with the untar inspection skipped", .enabled(if: Corpus.isAvailable, "corpus absent"),
          arguments: ["demo.layout", "demo.dsse.layout"])
    func demoPasses(layout: String) throws {
        let result = try InTotoFixture.verify("\(InTotoFixture.golang)/\(layout)", keys: ["\(InTotoFixture.golang)/alice.pub"],
                                              links: InTotoFixture.links(InTotoFixture.golang), skip: ["untar"])
        #expect(result.verified, "\(result.checks)")
        #expect(result.skippedInspections == ["untar"])
        #expect(result.checks.contains { $0.id == "inspection.untar" && $0.status == .skipped })
        #expect(result.layoutFormat == (layout == "demo.layout" ? "metablock" : "dsse"))
    }
}
