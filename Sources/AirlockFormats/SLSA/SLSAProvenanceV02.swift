public import Foundation

/// SLSA Provenance v0.2 (`https://slsa.dev/provenance/v0.2`), read from an in-toto predicate (docs/formats.md §7.3).
///
/// Unknown members are ignored; `parameters`, `environment` and `buildConfig` stay generic JSON.
public struct SLSAProvenanceV02: Sendable, Hashable {
    /// The predicate type this struct models.
    public static let predicateType = PredicateType.slsaProvenanceV02

    /// `invocation.configSource`: where the build definition came from.
    public struct ConfigSource: Sendable, Hashable {
        /// `uri`.
        public var uri: String?
        /// `digest`.
        public var digest: [String: String]
        /// `entryPoint`.
        public var entryPoint: String?
    }

    /// `metadata.completeness`.
    public struct Completeness: Sendable, Hashable {
        /// Whether `invocation.parameters` is complete.
        public var parameters: Bool
        /// Whether `invocation.environment` is complete.
        public var environment: Bool
        /// Whether `materials` is complete.
        public var materials: Bool
    }

    /// `builder.id`.
    public var builderID: String
    /// `buildType`.
    public var buildType: String
    /// `invocation.configSource`, if present.
    public var configSource: ConfigSource?
    /// `invocation.parameters`, if present.
    public var parameters: JSONValue?
    /// `invocation.environment`, if present.
    public var environment: JSONValue?
    /// `buildConfig`, if present.
    public var buildConfig: JSONValue?
    /// `metadata.buildInvocationId`.
    public var buildInvocationID: String?
    /// `metadata.buildStartedOn`.
    public var buildStartedOn: Date?
    /// `metadata.buildFinishedOn`.
    public var buildFinishedOn: Date?
    /// `metadata.completeness` (all false if absent).
    public var completeness: Completeness
    /// `metadata.reproducible` (false if absent).
    public var reproducible: Bool
    /// `materials`.
    public var materials: [ResourceDescriptor]

    /// Reads the predicate (the Statement's `predicate` value).
    public static func parse(predicate: JSONValue, limits: Limits = .default) throws -> SLSAProvenanceV02 {
        let p = try JSONReader(predicate, path: "predicate").object()
        let invocation = try p.optionalObject("invocation")
        let metadata = try p.optionalObject("metadata")
        let completeness = try metadata?.optionalObject("completeness")
        let configSource = try invocation?.optionalObject("configSource").map { cs in
            ConfigSource(uri: try cs.optionalString("uri"), digest: try cs.stringMap("digest"),
                         entryPoint: try cs.optionalString("entryPoint"))
        }
        return SLSAProvenanceV02(
            builderID: try p.object("builder").nonEmptyString("id"),
            buildType: try p.nonEmptyString("buildType"),
            configSource: configSource,
            parameters: try invocation?.optionalValue("parameters")?.value,
            environment: try invocation?.optionalValue("environment")?.value,
            buildConfig: try p.optionalValue("buildConfig")?.value,
            buildInvocationID: try metadata?.optionalString("buildInvocationId"),
            buildStartedOn: try metadata?.optionalTimestamp("buildStartedOn"),
            buildFinishedOn: try metadata?.optionalTimestamp("buildFinishedOn"),
            completeness: Completeness(parameters: try completeness?.optionalBool("parameters") ?? false,
                                       environment: try completeness?.optionalBool("environment") ?? false,
                                       materials: try completeness?.optionalBool("materials") ?? false),
            reproducible: try metadata?.optionalBool("reproducible") ?? false,
            materials: try p.descriptors("materials", limits: limits))
    }
}
