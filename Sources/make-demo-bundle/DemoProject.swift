import Foundation
import AirlockFormats
import AirlockTestKit
import AirlockCrypto

/// The fictional project the demo evidence is about: a GitHub repository released by a tag-triggered
/// workflow, and the keyless identity and SLSA provenance such a release carries.
enum DemoProject {
    static let repository = "https://github.com/example/demo-app"
    static let workflowPath = ".github/workflows/release.yml"
    static let ref = "refs/tags/v1.0.0"
    static let commit = "5f3c9a1e8b7d6c4f2a0e9d8c7b6a5f4e3d2c1b0a"
    static let issuer = "https://token.actions.githubusercontent.com"
    static let runURI = "\(repository)/actions/runs/4242424242/attempts/1"
    static let builderID = "https://github.com/actions/runner/github-hosted"
    static let buildType = "https://actions.github.io/buildtypes/workflow/v1"

    /// Release notes the demo signs; the tampered twin changes one word ("no" becomes "a").
    static let releaseNotes = """
    demo-app 1.0.0 release notes

    - New: the worker drains its queue before it stops.
    - Fixed: the app no longer logs request bodies.
    - Upgrading requires no database migration.

    """
    static let tamperedNotes = releaseNotes.replacingOccurrences(of: "requires no database", with: "requires a database")

    /// The certificate SAN: the workflow at the tag.
    static let workflowIdentity = "\(repository)/\(workflowPath)@\(ref)"

    /// The Fulcio identity of the release workflow, with the GitHub extensions (.9–.22) Fulcio writes.
    static let identity = Identity(
        subjectAlternativeName: .uri(workflowIdentity), issuer: issuer,
        extensions: [
            "1.3.6.1.4.1.57264.1.9": workflowIdentity,             // BuildSignerURI
            "1.3.6.1.4.1.57264.1.10": commit,                      // BuildSignerDigest
            "1.3.6.1.4.1.57264.1.11": "github-hosted",             // RunnerEnvironment
            "1.3.6.1.4.1.57264.1.12": repository,                  // SourceRepositoryURI
            "1.3.6.1.4.1.57264.1.13": commit,                      // SourceRepositoryDigest
            "1.3.6.1.4.1.57264.1.14": ref,                         // SourceRepositoryRef
            "1.3.6.1.4.1.57264.1.15": "700000001",                 // SourceRepositoryIdentifier
            "1.3.6.1.4.1.57264.1.16": "https://github.com/example", // SourceRepositoryOwnerURI
            "1.3.6.1.4.1.57264.1.17": "700000000",                 // SourceRepositoryOwnerIdentifier
            "1.3.6.1.4.1.57264.1.18": workflowIdentity,            // BuildConfigURI
            "1.3.6.1.4.1.57264.1.19": commit,                      // BuildConfigDigest
            "1.3.6.1.4.1.57264.1.20": "push",                      // BuildTrigger
            "1.3.6.1.4.1.57264.1.21": runURI,                      // RunInvocationURI
            "1.3.6.1.4.1.57264.1.22": "public",                    // SourceRepositoryVisibilityAtSigning
        ])

    /// A SLSA Provenance v1 predicate as GitHub's artifact attestations write it, for a build of
    /// `ref` at `commit` (the release tag and its commit unless a tampered copy says otherwise).
    static func provenancePredicate(startedOn: Date, finishedOn: Date, ref: String = DemoProject.ref, commit: String = DemoProject.commit) -> JSONValue {
        obj([
            "buildDefinition": obj([
                "buildType": str(buildType),
                "externalParameters": obj([
                    "workflow": obj(["ref": str(ref), "repository": str(repository), "path": str(workflowPath)]),
                ]),
                "internalParameters": obj(["github": obj([
                    "event_name": str("push"), "repository_id": str("700000001"), "repository_owner_id": str("700000000"),
                    "runner_environment": str("github-hosted"),
                ])]),
                "resolvedDependencies": .array([obj([
                    "uri": str("git+\(repository)@\(ref)"), "digest": obj(["gitCommit": str(commit)]),
                ])]),
            ]),
            "runDetails": obj([
                "builder": obj(["id": str(builderID)]),
                "metadata": obj([
                    "invocationId": str(runURI), "startedOn": str(RFC3339.format(startedOn, .secondsOfNearestMillisecond)), "finishedOn": str(RFC3339.format(finishedOn, .secondsOfNearestMillisecond)),
                ]),
            ]),
        ])
    }
}

func obj(_ pairs: KeyValuePairs<String, JSONValue>) -> JSONValue { .object(JSONObject(pairs)) }
func str(_ s: String) -> JSONValue { .string(s) }
func num(_ n: Int) -> JSONValue { .number(JSONNumber(Int64(n))) }
