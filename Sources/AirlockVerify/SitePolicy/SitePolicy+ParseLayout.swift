import AirlockCrypto
import AirlockFormats
import Foundation

extension SitePolicy {
    /// `layout: {keys: [PEM…], threshold: N, file: NAME, parameters: {…}, skipInspections: […], product: {step, path},
    /// predicateType: URI}`; `predicateType` (only the in-toto link predicate v0.3) also reads the image's link attestations,
    /// and without `file` the layout too is the DSSE layout attached to the image.
    static func parseLayout(_ value: JSONValue, path: String) throws(SitePolicyError) -> LayoutRequirement {
        let node = try PolicyNode(value, path: path, allowed: ["keys", "threshold", "file", "parameters", "skipInspections", "product", "predicateType"])
        let pems = try node.optionalStringList("keys") ?? []
        guard !pems.isEmpty else { throw SitePolicyError(.missingField, "\"keys\" is required: the layout owners' PEM public keys", path: node.child("keys")) }
        var keys: [InTotoVerificationKey] = []
        for (i, pem) in pems.enumerated() {
            let key: InTotoVerificationKey
            do {
                key = try InTotoVerificationKey.parse(keyFile: Data(pem.utf8))
            } catch {
                throw SitePolicyError(.invalidValue, "not a usable public key: \(error)", path: "\(node.child("keys"))[\(i)]")
            }
            // The threshold counts distinct keys (D15): one key listed twice must not count twice.
            if let j = keys.firstIndex(where: { $0.publicKey.spkiDER == key.publicKey.spkiDER }) {
                throw SitePolicyError(.invalidValue, "the same public key as keys[\(j)]; a threshold counts distinct keys", path: "\(node.child("keys"))[\(i)]")
            }
            keys.append(key)
        }
        let threshold = try node.optionalInt("threshold") ?? 1
        guard threshold >= 1, threshold <= keys.count else {
            throw SitePolicyError(.invalidValue, "threshold must be between 1 and the number of keys (\(keys.count))", path: node.child("threshold"))
        }
        let predicateType = try node.optionalString("predicateType")
        if let predicateType, predicateType != PredicateType.inTotoLinkV03 {
            throw SitePolicyError(.invalidValue, "links are read from attestations of predicate type \(PredicateType.inTotoLinkV03) only",
                                  path: node.child("predicateType"))
        }
        let file = try node.optionalString("file")
        if file == nil, predicateType == nil {
            throw SitePolicyError(.missingField, "\"file\" is required unless predicateType reads the layout and its links from the image's attestations",
                                  path: node.child("file"))
        }
        if let file, file.contains("/") {
            throw SitePolicyError(.invalidValue, "the layout file is a base name (its links are the *.link files beside it)", path: node.child("file"))
        }
        var parameters: [String: String] = [:]
        if node.has("parameters") {
            let value = try node.value("parameters")
            guard let object = value.objectValue else {
                throw SitePolicyError(.invalidValue, "expected an object of NAME: value, found \(value.typeName)", path: node.child("parameters"))
            }
            for member in object {
                guard let s = member.value.stringValue else {
                    throw SitePolicyError(.invalidValue, "a parameter value must be a string", path: PolicyNode.join(node.child("parameters"), member.key))
                }
                parameters[member.key] = s
            }
        }
        let skipped = try node.optionalStringList("skipInspections") ?? []
        let product = try PolicyNode(try node.value("product"), path: node.child("product"), allowed: ["step", "path"])
        return LayoutRequirement(keys: keys, threshold: threshold, file: file, parameters: parameters, skippedInspections: skipped,
                                 productStep: try product.string("step"), productPath: try product.string("path"),
                                 linkPredicateType: predicateType)
    }
}
