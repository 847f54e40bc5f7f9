import ArgumentParser
import Foundation
import AirlockAppliance

/// `airlock trustroot logs`: held checkpoints, split views and witnesses per transparency log.
struct TrustRootLogs: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logs", abstract: "List the checkpoints held per transparency log, recorded split views and pinned witnesses.")

    @OptionGroup var options: StateOptions

    func run() throws {
        let list: LogContinuityList = try Output.attempt(options.output) { () throws(ApplianceError) in
            try TrustRootLibrary(stateDirectory: options.stateDirectory).logs()
        }
        if options.output == .json { return try options.printJSON(list) }
        if list.logs.isEmpty { print("no log checkpoints held yet") }
        for log in list.logs { LogText.lines(log) }
    }
}

/// `airlock trustroot checkpoint add FILE`.
struct TrustRootCheckpoint: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkpoint", abstract: "Supply log checkpoints and consistency proofs.", subcommands: [TrustRootCheckpointAdd.self])
}

/// `airlock trustroot checkpoint add FILE [--trust-root NAME]`.
struct TrustRootCheckpointAdd: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Hold a signed checkpoint, optionally with a consistency proof from a held size.",
        discussion: """
        FILE is a signed checkpoint note, or a C2SP tlog-witness add-checkpoint body: a line "old <size>", the \
        base64 consistency-proof hashes one per line, a blank line, then the signed checkpoint. The note must \
        verify with a log of the trust root. A proof that fails, or a held checkpoint of the same size with \
        another root, is a split view: both notes are recorded and the command exits 1. Exit codes: 0 held, \
        1 split view or the note does not verify, 2 bad input, 3 internal error.
        """)

    @OptionGroup var options: StateOptions

    @Option(name: .customLong("trust-root"), help: "The trust root whose log keys verify the note (default public-good).")
    var trustRoot: String = "public-good"

    @Argument(help: "The checkpoint or add-checkpoint file.")
    var file: String

    func run() throws {
        let report: CheckpointAddReport = try Output.attempt(options.output) { () throws(ApplianceError) in
            try TrustRootLibrary(stateDirectory: options.stateDirectory).addCheckpoint(file: file, trustRoot: trustRoot)
        }
        if options.output == .json { return try options.printJSON(report) }
        print("\(report.outcome): \(report.origin) at size \(report.size): \(report.message)")
    }
}

/// `airlock trustroot witness add|list|remove`.
struct TrustRootWitness: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "witness", abstract: "Pin the witness (cosigner) keys of a transparency log.",
        subcommands: [TrustRootWitnessAdd.self, TrustRootWitnessList.self, TrustRootWitnessRemove.self],
        defaultSubcommand: TrustRootWitnessList.self)
}

/// `airlock trustroot witness add LOG_ORIGIN NAME KEY`.
struct TrustRootWitnessAdd: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Pin a cosignature/v1 (Ed25519) witness key for a log.",
        discussion: "KEY is a C2SP verifier key name+keyid+base64(0x04||key) or an Ed25519 PEM public-key file. Exit codes: 0 pinned, 2 bad key or name taken, 3 internal error.")

    @OptionGroup var options: StateOptions

    @Argument(help: "The log's checkpoint origin (first line of its checkpoints).")
    var origin: String

    @Argument(help: "The witness name (its key name in cosignature lines).")
    var name: String

    @Argument(help: "A verifier key or an Ed25519 PEM public-key file.")
    var key: String

    func run() throws {
        let entry: WitnessEntry = try Output.attempt(options.output) { () throws(ApplianceError) in
            try TrustRootLibrary(stateDirectory: options.stateDirectory).addWitness(origin: origin, name: name, key: key)
        }
        if options.output == .json { return try options.printJSON(entry) }
        print("pinned witness \(entry.name) for \(entry.origin): \(entry.verifierKey)")
    }
}

/// `airlock trustroot witness list`.
struct TrustRootWitnessList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the pinned witnesses.")

    @OptionGroup var options: StateOptions

    func run() throws {
        let entries: [WitnessEntry] = try Output.attempt(options.output) { () throws(ApplianceError) in
            try TrustRootLibrary(stateDirectory: options.stateDirectory).witnesses()
        }
        if options.output == .json { return try options.printJSON(WitnessListDocument(witnesses: entries)) }
        if entries.isEmpty { print("no witnesses pinned") }
        for entry in entries { print("\(entry.origin)  \(entry.name)  \(entry.verifierKey)") }
    }
}

/// `airlock trustroot witness remove LOG_ORIGIN NAME`.
struct TrustRootWitnessRemove: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "remove", abstract: "Unpin a witness of a log.",
                                                    discussion: "Exit codes: 0 removed, 2 not pinned, 3 internal error.")

    @OptionGroup var options: StateOptions

    @Argument(help: "The log's checkpoint origin.")
    var origin: String

    @Argument(help: "The witness name.")
    var name: String

    func run() throws {
        let entry: WitnessEntry = try Output.attempt(options.output) { () throws(ApplianceError) in
            try TrustRootLibrary(stateDirectory: options.stateDirectory).removeWitness(origin: origin, name: name)
        }
        if options.output == .json { return try options.printJSON(entry) }
        print("removed witness \(entry.name) of \(entry.origin)")
    }
}

/// `witness list --output json`.
struct WitnessListDocument: Encodable {
    let witnesses: [WitnessEntry]
}

/// Text rendering of a log's continuity state.
enum LogText {
    static func lines(_ log: LogContinuityEntry) {
        print("\(log.origin)\(log.splitViews.isEmpty ? "" : "  SPLIT VIEW")")
        for point in log.checkpoints { print("  size \(point.size)  \(point.status)  root \(point.rootHash)  note sha256:\(point.noteSHA256)") }
        for split in log.splitViews {
            print("  split view at size \(split.size): \(split.reason) (notes sha256:\(split.noteSHA256)\(split.otherNoteSHA256.map { ", sha256:\($0)" } ?? ""))")
        }
        if !log.witnesses.isEmpty { print("  witnesses: \(log.witnesses.joined(separator: ", "))") }
    }
}
