import Foundation
import Testing
import AirlockTestKit

/// The appliance does not read the host's OpenSSL configuration (docs/decisions.md D32): a configuration
/// that leaves libcrypto with no usable algorithm, which breaks the `openssl` tool itself, changes nothing.
@Suite("Sealed OpenSSL configuration")
struct SealedOpenSSLCLITests {
    /// Every fetch must match `fips=yes`, and no FIPS provider is loaded: no digest, no signature.
    static let hostileConfiguration = """
        openssl_conf = openssl_init
        [openssl_init]
        alg_section = algorithm_sect
        [algorithm_sect]
        default_properties = fips=yes

        """

    @Test("OPENSSL_CONF naming a configuration that breaks libcrypto does not affect verify-bundle",
          .enabled(if: Corpus.isAvailable, "corpus absent"))
    func hostConfigurationIgnored() throws {
        let scratch = try ScratchDirectory("sealed-openssl")
        defer { scratch.remove() }
        let configuration = try scratch.write(Data(Self.hostileConfiguration.utf8), as: "openssl.cnf")
        let environment = ["OPENSSL_CONF": configuration.path]
        // The control: the configuration really breaks a program that reads it.
        let openssl = try Tool("openssl").run(["dgst", "-sha256", configuration.path], environment: environment)
        #expect(openssl.status != 0)
        #expect(openssl.stderr.contains("unsupported"), "\(openssl.stderr)")
        let result = try CLI.run(VerifyBundleCLITests().args(), environment: environment)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("VERIFIED \(VerifyBundleCLITests.digest)"))
    }
}
