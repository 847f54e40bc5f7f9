// libFuzzer driver for Airlock's parsers (tools/fuzz). One binary; the parser under test is chosen by the
// environment variable AIRLOCK_FUZZ_TARGET (see `FuzzTarget`). The entry point exists only in fuzz builds:
//   swift build -c release --product airlock-fuzz --scratch-path .build-fuzz \
//     -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -DAIRLOCK_FUZZ
// A normal `swift build` compiles the trivial main below, so the package builds and tests as usual.
import Foundation

#if AIRLOCK_FUZZ
import AirlockCrypto
import AirlockFormats
import AirlockVerify

/// The fuzzable parsers. Every one must return or throw on any input; a trap, hang or sanitizer report is a bug.
enum FuzzTarget: String, CaseIterable {
    case json, sigstoreBundle = "sigstore-bundle", trustedRoot = "trusted-root", dsse,
         signedNote = "signed-note", checkpoint, ociManifest = "oci-manifest", ociIndex = "oci-index",
         intoto, slsa, tuf, sitePolicy = "site-policy", certificate, timestamp

    func run(_ data: Data) {
        switch self {
        case .json:
            _ = try? JSONValue.parse(data)
        case .sigstoreBundle:
            _ = try? SigstoreBundle.parse(data)
        case .trustedRoot:
            _ = try? TrustedRoot.parse(data)
        case .dsse:
            _ = try? DSSEEnvelope.parse(data)
        case .signedNote:
            guard let text = String(data: data, encoding: .utf8) else { return }
            _ = try? SignedNote.parse(text)
        case .checkpoint:
            guard let text = String(data: data, encoding: .utf8) else { return }
            _ = try? Checkpoint.parse(noteText: text)
        case .ociManifest:
            _ = try? OCIManifest.parse(data)
            _ = try? OCILayoutHeader.parse(data)
        case .ociIndex:
            _ = try? OCIIndex.parse(data)
        case .intoto:
            _ = try? InTotoEnvelope.parse(data)
            _ = try? Metablock.parse(data)
        case .slsa:
            // Statement first (as verification does), then each predicate parser over the predicate.
            _ = try? InTotoStatement.parse(data)
            guard let value = try? JSONValue.parse(data) else { return }
            var predicate = value
            if case .object(let object) = value, let inner = object["predicate"] { predicate = inner }
            _ = try? SLSAProvenanceV1.parse(predicate: predicate)
            _ = try? SLSAProvenanceV02.parse(predicate: predicate)
            _ = try? VerificationSummaryV1.parse(predicate: predicate)
        case .tuf:
            _ = try? TUFRoot.parse(data)
            for type in ["root", "timestamp", "snapshot", "targets"] {
                _ = try? TUFMetadata.parse(data, expectedType: type)
            }
        case .sitePolicy:
            guard let document = try? JSONValue.parse(data) else { return }
            _ = try? SitePolicy.parse(document, pinnedTrustRoots: ["public-good", "pinned"], otherTrustRoots: ["other"])
        case .certificate:
            guard let certificate = try? Certificate(der: data) else { return }
            _ = try? certificate.embeddedSCTs()
            _ = certificate.subjectAlternativeNames
            _ = certificate.extendedKeyUsages
            _ = try? certificate.precertificateTBS()
        case .timestamp:
            _ = try? TimestampResponse(der: data)
        }
    }
}

private let selected: FuzzTarget = {
    let name = ProcessInfo.processInfo.environment["AIRLOCK_FUZZ_TARGET"] ?? ""
    guard let target = FuzzTarget(rawValue: name) else {
        let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: " ")
        FileHandle.standardError.write(Data("airlock-fuzz: set AIRLOCK_FUZZ_TARGET to one of: \(names)\n".utf8))
        exit(2)
    }
    return target
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    selected.run(bytes.map { Data(bytes: $0, count: count) } ?? Data())
    return 0
}

/// libFuzzer's driver (FuzzerDriver.cpp), called from our entry point.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// SwiftPM links executables with `main` aliased to `<module>_main`, so libFuzzer's own `main` is not used;
/// this one hands the command line to libFuzzer's driver.
@_cdecl("airlock_fuzz_main")
public func airlockFuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    _ = selected  // exits with the list of targets when AIRLOCK_FUZZ_TARGET names none
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv, fuzzOneInput)
}
#else
/// The normal build: no fuzz entry point, only directions.
@main
enum AirlockFuzzDirections {
    static func main() {
        FileHandle.standardError.write(Data("""
            airlock-fuzz is a libFuzzer driver; this normal build has no fuzz entry point. Use tools/fuzz TARGET [SECONDS],
            or build it with: swift build -c release --product airlock-fuzz --scratch-path .build-fuzz \\
              -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -DAIRLOCK_FUZZ

            """.utf8))
        exit(2)
    }
}
#endif
