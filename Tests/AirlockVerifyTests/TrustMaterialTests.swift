import Foundation
import Testing
import AirlockFormats
import AirlockTestKit
@testable import AirlockVerify

/// Trust material is checked once when built: broken CA chains are rejected, unusable log keys set aside.
@Suite("Trust material")
struct TrustMaterialTests {
    @Test("a CA chain whose certificates are not linked is rejected", .enabled(if: Corpus.isAvailable, "corpus absent"))
    func brokenChain() throws {
        var root = try #require(try JSONSerialization.jsonObject(with: Corpus.data(CorpusRoot.publicGood.rawValue)) as? [String: Any])
        var authorities = try #require(root["certificateAuthorities"] as? [[String: Any]])
        var chain = try #require((authorities[1]["certChain"] as? [String: Any])?["certificates"] as? [Any])
        #expect(chain.count == 2)
        chain.reverse()
        authorities[1]["certChain"] = ["certificates": chain]
        root["certificateAuthorities"] = authorities
        let error = #expect(throws: FormatError.self) { try TrustMaterial(json: JSONSerialization.data(withJSONObject: root)) }
        #expect(error?.reason.contains("is not issued by certificate 1") == true)
        #expect(error?.field == "certificateAuthorities[1].certChain")
    }

    @Test("a deprecated raw PKCS#1 CT key is set aside, not fatal", .enabled(if: Corpus.isAvailable, "corpus absent"))
    func unusableLog() throws {
        let material = try CorpusRoot.staging.material()
        #expect(material.unusableLogs.count == 1)
        #expect(material.unusableLogs.first?.contains("PKCS1_RSA_PKCS1V5") == true)
        #expect(material.ctlogs.count == 3)
    }
}
