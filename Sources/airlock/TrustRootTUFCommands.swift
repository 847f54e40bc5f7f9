import ArgumentParser
import Foundation
import AirlockAppliance

/// `airlock trustroot pin-tuf NAME ROOT_JSON`.
struct TrustRootPinTUF: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pin-tuf", abstract: "Pin a TUF root.json as the trust anchor of a named root (then run trustroot update).",
        discussion: "The root must be signed by a threshold of its own root keys. Exit codes: 0 pinned, 2 bad name, name taken or invalid root, 3 internal error.")

    @OptionGroup var options: StateOptions

    @Argument(help: "The name (a-z, 0-9, '.', '_', '-').")
    var name: String

    @Argument(help: "The TUF root.json obtained out of band.")
    var rootJSON: String

    func run() throws {
        let versions: TUFVersions = try Output.attempt(options.output) { () throws(ApplianceError) in
            try TrustRootLibrary(stateDirectory: options.stateDirectory).pinTUF(name, rootJSON: rootJSON)
        }
        if options.output == .json { return try options.printJSON(versions) }
        print("pinned \(name) to TUF root v\(versions.root); run airlock trustroot update \(name) DIR")
    }
}

/// `airlock trustroot update NAME DIR`.
struct TrustRootUpdate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update", abstract: "Run the TUF client workflow offline over a copied repository and replace the named root.",
        discussion: """
        DIR holds metadata/ (N.root.json, also under metadata/root_history/, timestamp.json, snapshot.json, targets.json) \
        and targets/ (trusted_root.json). Nothing is fetched. Exit codes: 0 updated, 1 an update step was refused \
        (tuf.* codes; nothing recorded), 2 bad input, 3 internal error.
        """)

    @OptionGroup var options: StateOptions

    @OptionGroup var at: AtOption

    @Option(name: .customLong("max-metadata-age"), help: "Accept a timestamp or snapshot expired by at most this long (e.g. 30d); noted in the record.")
    var maxMetadataAge: String?

    @Argument(help: "The trust root's name.")
    var name: String

    @Argument(help: "The copied TUF repository.")
    var directory: String

    func run() throws {
        let report: TUFUpdateReport = try Output.attempt(options.output) { () throws(ApplianceError) in
            let grace = try maxMetadataAge.map { (text) throws(ApplianceError) in try ApprovalDuration.parse(text, field: "--max-metadata-age") } ?? 0
            return try TrustRootLibrary(stateDirectory: options.stateDirectory)
                .updateTUF(name, directory: URL(fileURLWithPath: directory, isDirectory: true), at: try at.instant() ?? Date(), grace: grace)
        }
        if options.output == .json { return try options.printJSON(report) }
        let v = report.versions
        print("updated \(name): root v\(v.root), timestamp v\(v.timestamp), snapshot v\(v.snapshot), targets v\(v.targets)\(report.changed ? "" : " (trusted_root.json unchanged)")")
        TrustRootText.line(report.entry)
        for note in report.notes { print("  note: \(note)") }
    }
}
