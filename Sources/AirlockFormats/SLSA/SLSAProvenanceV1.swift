public import Foundation

/// SLSA Provenance v1 (`https://slsa.dev/provenance/v1`), read from an in-toto predicate (docs/formats.md §7.3).
///
/// Unknown members are ignored; `externalParameters` and `internalParameters` stay generic JSON so that
/// policies can compare them exactly.
public struct SLSAProvenanceV1: Sendable, Hashable {
    /// The predicate type this struct models.
    public static let predicateType = PredicateType.slsaProvenanceV1

    /// `buildDefinition.buildType`.
    public var buildType: String
    /// `buildDefinition.externalParameters` (required; an object).
    public var externalParameters: JSONValue
    /// `buildDefinition.internalParameters`, if present.
    public var internalParameters: JSONValue?
    /// `buildDefinition.resolvedDependencies`.
    public var resolvedDependencies: [ResourceDescriptor]
    /// `runDetails.builder.id`.
    public var builderID: String
    /// `runDetails.builder.version`.
    public var builderVersion: [String: String]
    /// `runDetails.builder.builderDependencies`.
    public var builderDependencies: [ResourceDescriptor]
    /// `runDetails.metadata.invocationId`.
    public var invocationID: String?
    /// `runDetails.metadata.startedOn`.
    public var startedOn: Date?
    /// `runDetails.metadata.finishedOn`.
    public var finishedOn: Date?
    /// `runDetails.byproducts`.
    public var byproducts: [ResourceDescriptor]

    /// Reads the predicate (the Statement's `predicate` value).
    public static func parse(predicate: JSONValue, limits: Limits = .default) throws -> SLSAProvenanceV1 {
        let p = try JSONReader(predicate, path: "predicate").object()
        let def = try p.object("buildDefinition")
        let run = try p.object("runDetails")
        let builder = try run.object("builder")
        let metadata = try run.optionalObject("metadata")
        let external = try def.value("externalParameters")
        _ = try external.object()
        return SLSAProvenanceV1(
            buildType: try def.nonEmptyString("buildType"),
            externalParameters: external.value,
            internalParameters: try def.optionalValue("internalParameters")?.value,
            resolvedDependencies: try def.descriptors("resolvedDependencies", limits: limits),
            builderID: try builder.nonEmptyString("id"),
            builderVersion: try builder.stringMap("version"),
            builderDependencies: try builder.descriptors("builderDependencies", limits: limits),
            invocationID: try metadata?.optionalString("invocationId"),
            startedOn: try metadata?.optionalTimestamp("startedOn"),
            finishedOn: try metadata?.optionalTimestamp("finishedOn"),
            byproducts: try run.descriptors("byproducts", limits: limits))
    }
}
