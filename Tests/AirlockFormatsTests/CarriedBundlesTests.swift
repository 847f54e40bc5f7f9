import Foundation
import Testing
import AirlockFormats

/// `CarriedBundles`: what each carrier becomes, and the reason when it cannot.
struct CarriedBundlesTests {
    func reason(_ json: String) -> String? {
        do {
            _ = try CarriedBundles.read(Data(json.utf8))
            return nil
        } catch {
            return (error as? FormatError)?.reason
        }
    }

    @Test func blobBundleWithoutRekorBundleIsRefusedSayingWhy() {
        #expect(reason(#"{"base64Signature":"AAAA","cert":""}"#) == CarriedBundles.noSigningTime)
    }

    @Test func blobBundleCertMustBeBase64PEM() {
        #expect(reason(#"{"base64Signature":"AAAA","cert":"%%%"}"#) == "cert is not base64 (of a PEM certificate)")
        #expect(reason(#"{"base64Signature":"AAAA","cert":"aGVsbG8="}"#) == "cert holds no PEM certificate")
    }

    @Test func bareSignatureIsRefusedSayingWhy() {
        #expect(reason("MEUCIQDx\n") == CarriedBundles.noSigningTime)
    }

    @Test func pep740VersionAndEmptyResponse() {
        #expect(reason(#"{"version":2,"verification_material":{},"envelope":{}}"#) == "PEP 740 attestation version 2 is not supported (only 1)")
        #expect(reason(#"{"attestation_bundles":[]}"#) == "the Integrity API response holds no attestation")
    }

    @Test func npmDocumentNeedsAnAttestation() {
        #expect(reason(#"{"attestations":[]}"#) == "the npm attestations document holds no attestation")
    }
}
