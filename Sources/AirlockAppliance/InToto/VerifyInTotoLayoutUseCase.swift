public import AirlockVerify
import AirlockCrypto
import AirlockFormats
import Foundation

/// The result of a layout verification, named here so the CLI needs only AirlockAppliance.
public typealias InTotoLayoutVerificationResult = InTotoVerificationResult

/// Verifies an in-toto layout from files: reads the layout, keys and link directory (bounded by
/// `Limits`), then hands everything to `InTotoLayoutVerifier`. Nothing is ever executed.
public enum VerifyInTotoLayoutUseCase {
    /// Runs the verification. Throws `ApplianceError` for bad input (the file, field and reason) or an
    /// internal failure; a failed verification is a result with `verified == false`.
    public static func run(_ request: VerifyInTotoLayoutRequest) throws(ApplianceError) -> InTotoVerificationResult {
        do {
            return try verify(request)
        } catch let error as ApplianceError {
            throw error
        } catch let error as FormatError {
            throw ApplianceError.from(error, file: error.file ?? request.layoutPath)
        } catch let error as CryptoError {
            throw ApplianceError(error)
        } catch {
            throw ApplianceError(.internalError, "\(error)")
        }
    }

    private static func verify(_ request: VerifyInTotoLayoutRequest) throws -> InTotoVerificationResult {
        let limits = request.limits
        let product = try request.product.map(VerifyInTotoLayoutRequest.parseProduct)
        guard !request.layoutKeyPaths.isEmpty else {
            throw ApplianceError(.badInput, "at least one layout key is required", code: "bad-option", field: "--layout-key")
        }
        let layout = try parse(request.layoutPath, limits: limits) { try InTotoEnvelope.parse($0, limits: limits) }
        let keys = try request.layoutKeyPaths.map { path in
            try parse(path, limits: limits) { try InTotoVerificationKey.parse(keyFile: $0, limits: limits) }
        }
        let links = try LinkDirectoryReader(limits: limits).read(request.linksDirectory, depth: 0)
        let options = InTotoVerificationOptions(
            verificationTime: request.verificationTime, skippedInspections: Set(request.skippedInspections),
            parameters: request.parameters, product: product, limits: limits
        )
        return try InTotoLayoutVerifier.verify(layout: layout, layoutFile: request.layoutPath, keys: keys, links: links, options: options)
    }

    private static func parse<T>(_ path: String, limits: Limits, _ body: (Data) throws -> T) throws -> T {
        let data = try LinkDirectoryReader.readFile(path, maxBytes: limits.maxJSONBytes)
        do {
            return try body(data)
        } catch let error as FormatError {
            throw error.inFile(path)
        }
    }
}
