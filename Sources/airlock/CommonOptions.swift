import ArgumentParser
import Foundation
import AirlockAppliance

/// How results are printed.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    /// Human-readable lines.
    case text
    /// One JSON document.
    case json
}

/// `--output text|json`, shared by every command.
struct OutputOptions: ParsableArguments {
    @Option(name: .long, help: "Output format: text or json.")
    var output: OutputFormat = .text
}

/// `--at INSTANT`, shared by the commands that verify at a chosen time.
struct AtOption: ParsableArguments {
    @Option(name: .long, help: "Verification instant, RFC 3339 (default: now).")
    var at: String?

    /// The parsed instant, nil when not given; a malformed one is bad input naming `--at`.
    func instant() throws(ApplianceError) -> Date? {
        try at.map { (text) throws(ApplianceError) in try parseInstant(text) }
    }
}

/// `--state DIR` plus `--output`, shared by the catalogue commands.
struct StateOptions: ParsableArguments {
    @Option(name: .long, help: "State directory (default: $AIRLOCK_HOME, else ~/.local/share/airlock).")
    var state: String?

    @OptionGroup var format: OutputOptions

    /// The chosen output format.
    var output: OutputFormat { format.output }

    /// The chosen state directory.
    var stateDirectory: URL {
        state.map { URL(fileURLWithPath: $0, isDirectory: true) } ?? ImportService.defaultStateDirectory()
    }

    /// The import service on the chosen state directory.
    var service: ImportService { ImportService(stateDirectory: stateDirectory) }

    /// Prints any encodable JSON object with its `schemaVersion`.
    func printJSON<T: Encodable>(_ value: T) throws {
        try Output.printJSON(value)
    }
}
