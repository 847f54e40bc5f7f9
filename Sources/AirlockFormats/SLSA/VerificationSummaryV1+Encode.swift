public import Foundation

extension VerificationSummaryV1 {
    /// Makes a summary; `verificationResult` must be `PASSED` or `FAILED` (the parser rejects anything else).
    public init(verifier verifierID: String, verifierVersion: [String: String] = [:], timeVerified: Date?, resourceURI: String,
                policyURI: String?, policyDigest: [String: String], inputAttestations: [ResourceDescriptor],
                verificationResult: String, verifiedLevels: [String], dependencyLevels: [String: Int64] = [:],
                slsaVersion: String? = "1.0") {
        self.verifierID = verifierID
        self.verifierVersion = verifierVersion
        self.timeVerified = timeVerified
        self.resourceURI = resourceURI
        self.policyURI = policyURI
        self.policyDigest = policyDigest
        self.inputAttestations = inputAttestations
        self.verificationResult = verificationResult
        self.verifiedLevels = verifiedLevels
        self.dependencyLevels = dependencyLevels
        self.slsaVersion = slsaVersion
    }

    /// The predicate as JSON, members in the order of the SLSA spec; maps are written with sorted keys
    /// and `timeVerified` as RFC 3339 UTC in whole seconds, so equal summaries give equal bytes.
    public var jsonValue: JSONValue {
        var verifier = JSONObject(["id": .string(verifierID)])
        if !verifierVersion.isEmpty { verifier["version"] = Self.stringMap(verifierVersion) }
        var o = JSONObject()
        o["verifier"] = .object(verifier)
        if let timeVerified { o["timeVerified"] = .string(RFC3339.format(timeVerified)) }
        o["resourceUri"] = .string(resourceURI)
        var policy = JSONObject()
        if let policyURI { policy["uri"] = .string(policyURI) }
        if !policyDigest.isEmpty { policy["digest"] = Self.stringMap(policyDigest) }
        o["policy"] = .object(policy)
        o["inputAttestations"] = .array(inputAttestations.map(\.jsonValue))
        o["verificationResult"] = .string(verificationResult)
        o["verifiedLevels"] = .array(verifiedLevels.map(JSONValue.string))
        if !dependencyLevels.isEmpty {
            var d = JSONObject()
            for key in dependencyLevels.keys.sorted() { d[key] = .number(JSONNumber(dependencyLevels[key]!)) }
            o["dependencyLevels"] = .object(d)
        }
        if let slsaVersion { o["slsaVersion"] = .string(slsaVersion) }
        return .object(o)
    }

    private static func stringMap(_ map: [String: String]) -> JSONValue {
        var o = JSONObject()
        for key in map.keys.sorted() { o[key] = .string(map[key]!) }
        return .object(o)
    }
}
