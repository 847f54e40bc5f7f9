import AirlockFormats
import Foundation

/// What a SLSA provenance says about its build: builder, build type, source repository, ref, commit and
/// external parameters, read the same way for v0.2 and v1 (docs/formats.md §7.3 step 5).
struct SourceFacts {
    var builderID: String
    var buildType: String
    var repository: String?
    var ref: String?
    var commit: String?
    var externalParameters: JSONValue?

    /// Reads the facts from a verified predicate; throws when it is not valid provenance of that type.
    static func read(predicateType: String, predicate: JSONValue) throws -> SourceFacts {
        if predicateType == SLSAProvenanceV02.predicateType {
            let p = try SLSAProvenanceV02.parse(predicate: predicate)
            let (repository, ref) = splitURI(p.configSource?.uri)
            let commit = p.configSource.flatMap { $0.digest["sha1"] ?? $0.digest["gitCommit"] }
            return SourceFacts(builderID: p.builderID, buildType: p.buildType, repository: repository, ref: ref,
                               commit: commit, externalParameters: p.parameters)
        }
        let p = try SLSAProvenanceV1.parse(predicate: predicate)
        let workflow = p.externalParameters.objectValue?["workflow"]?.objectValue
        let source = p.resolvedDependencies.first
        let (depRepository, depRef) = splitURI(source?.uri)
        let repository = workflow?["repository"]?.stringValue.map(normaliseRepository) ?? depRepository
        let ref = workflow?["ref"]?.stringValue ?? depRef
        let commit = source.flatMap { $0.digest["gitCommit"] ?? $0.digest["sha1"] }
        return SourceFacts(builderID: p.builderID, buildType: p.buildType, repository: repository, ref: ref,
                           commit: commit, externalParameters: p.externalParameters)
    }

    /// `git+https://github.com/o/r@refs/heads/main` → (`github.com/o/r`, `refs/heads/main`).
    static func splitURI(_ uri: String?) -> (String?, String?) {
        guard let uri else { return (nil, nil) }
        if let at = uri.lastIndex(of: "@"), uri[at...].contains("refs/") || !uri[..<at].contains("@") {
            let ref = String(uri[uri.index(after: at)...])
            return (normaliseRepository(String(uri[..<at])), ref.isEmpty ? nil : ref)
        }
        return (normaliseRepository(uri), nil)
    }

    /// Drops `git+`, the scheme, a trailing `.git` and `/`: `https://github.com/o/r.git` → `github.com/o/r`.
    static func normaliseRepository(_ text: String) -> String {
        var s = Substring(text)
        if s.hasPrefix("git+") { s = s.dropFirst(4) }
        if let scheme = s.range(of: "://") { s = s[scheme.upperBound...] }
        while s.hasSuffix("/") { s = s.dropLast() }
        if s.hasSuffix(".git") { s = s.dropLast(4) }
        return String(s)
    }
}
