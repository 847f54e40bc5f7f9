import Foundation
import Testing
import AirlockTestKit

@Test("package root holds Package.swift")
func packageRootIsFound() {
    #expect(FileManager.default.fileExists(atPath: Corpus.packageRoot.appendingPathComponent("Package.swift").path))
}
