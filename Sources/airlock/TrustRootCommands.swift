import ArgumentParser
import Foundation
import AirlockAppliance

/// `airlock trustroot`: the named trust roots (embedded ones and ones kept in the store).
struct TrustRootGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trustroot",
        abstract: "Manage named trust roots: the embedded ones, ones added from files, and TUF-pinned ones.",
        subcommands: [TrustRootList.self, TrustRootShow.self, TrustRootAdd.self, TrustRootRemove.self,
                      TrustRootPinTUF.self, TrustRootUpdate.self, TrustRootLogs.self, TrustRootCheckpoint.self, TrustRootWitness.self],
        defaultSubcommand: TrustRootList.self)
}

/// `airlock trustroot list`.
struct TrustRootList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the embedded and stored trust roots.")

    @OptionGroup var options: StateOptions

    func run() throws {
        let list: AirlockAppliance.TrustRootList = try Output.attempt(options.output) { () throws(ApplianceError) in
            try TrustRootLibrary(stateDirectory: options.stateDirectory).list()
        }
        if options.output == .json { return try options.printJSON(list) }
        for entry in list.trustRoots { TrustRootText.line(entry) }
    }
}

/// `airlock trustroot show NAME`.
struct TrustRootShow: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one trust root, what it holds and its history.",
                                                    discussion: "Exit codes: 0 shown, 2 no such root, 3 internal error.")

    @OptionGroup var options: StateOptions

    @Argument(help: "The trust root's name.")
    var name: String

    func run() throws {
        let detail: TrustRootDetail = try Output.attempt(options.output) { () throws(ApplianceError) in
            try TrustRootLibrary(stateDirectory: options.stateDirectory).show(name)
        }
        if options.output == .json { return try options.printJSON(detail) }
        TrustRootText.line(detail.entry)
        print("  tlogs \(detail.transparencyLogs), CAs \(detail.certificateAuthorities), CT logs \(detail.ctLogs), TSAs \(detail.timestampAuthorities)")
        if let tuf = detail.tuf {
            print("  tuf: root v\(tuf.root), timestamp v\(tuf.timestamp), snapshot v\(tuf.snapshot), targets v\(tuf.targets)")
        }
        for event in detail.events {
            print("  \(formatInstant(event.at)) \(event.action) \(event.sha256.map { "sha256:\($0)" } ?? "-") \(event.origin) \(event.detail)")
        }
        for log in detail.logs ?? [] {
            print("  log:")
            LogText.lines(log)
        }
    }
}

/// `airlock trustroot add NAME FILE`.
struct TrustRootAdd: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Store a trusted_root.json under a name.",
        discussion: "The file must parse as a trusted root. Exit codes: 0 added, 2 bad name, name taken or invalid file, 3 internal error.")

    @OptionGroup var options: StateOptions

    @Argument(help: "The name (a-z, 0-9, '.', '_', '-').")
    var name: String

    @Argument(help: "The trusted_root.json file.")
    var file: String

    func run() throws {
        let entry: TrustRootEntry = try Output.attempt(options.output) { () throws(ApplianceError) in
            try TrustRootLibrary(stateDirectory: options.stateDirectory).add(name, file: file)
        }
        if options.output == .json { return try options.printJSON(entry) }
        print("added trust root")
        TrustRootText.line(entry)
    }
}

/// `airlock trustroot remove NAME`.
struct TrustRootRemove: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove", abstract: "Remove a stored trust root (embedded ones cannot be removed).",
        discussion: "Exit codes: 0 removed, 2 unknown or embedded root, 3 internal error.")

    @OptionGroup var options: StateOptions

    @Argument(help: "The trust root's name.")
    var name: String

    func run() throws {
        let entry: TrustRootEntry = try Output.attempt(options.output) { () throws(ApplianceError) in
            try TrustRootLibrary(stateDirectory: options.stateDirectory).remove(name)
        }
        if options.output == .json { return try options.printJSON(entry) }
        print("removed trust root \(entry.name) (sha256:\(entry.sha256))")
    }
}

/// Text rendering shared by the trustroot commands.
enum TrustRootText {
    /// `NAME  kind  sha256:…  origin`.
    static func line(_ entry: TrustRootEntry) {
        let tuf = entry.tufPinned ? " (tuf)" : ""
        let digest = entry.sha256.isEmpty ? "no trusted_root.json yet" : "sha256:\(entry.sha256)"
        print("\(entry.name)  \(entry.kind)\(tuf)  \(digest)  \(entry.origin)  \(status(entry))")
    }

    /// `embedded`, `file-added`, `tuf-pinned, never updated (root vN)`, `tuf-updated vN at TIME`.
    static func status(_ entry: TrustRootEntry) -> String {
        switch entry.status {
        case "tuf-pinned": return "tuf-pinned, never updated (root v\(entry.tuf?.root ?? 0))"
        case "tuf-updated":
            let v = entry.tuf.map { "root v\($0.root), targets v\($0.targets)" } ?? ""
            return "tuf-updated \(v) at \(entry.updatedAt.map(formatInstant) ?? "?")"
        default: return entry.status
        }
    }
}
