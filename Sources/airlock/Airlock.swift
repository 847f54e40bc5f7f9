import ArgumentParser
import AirlockAppliance

/// The `airlock` command: argument parsing and rendering only; every decision lives in AirlockAppliance.
@main
struct Airlock: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "airlock",
        abstract: "A sealed, offline verification appliance for software supply-chain evidence.",
        version: PolicyService.toolVersion,
        subcommands: [VerifySigstoreBundle.self, VerifyInTotoLayout.self, ImportArchive.self, ListArchives.self, Images.self, Artifacts.self,
                      VerifyImages.self, Replay.self, PolicyGroup.self,
                      KeysGroup.self, Approve.self, ApprovalsGroup.self, Revoke.self, AuditGroup.self, Trace.self, Reevaluate.self, Report.self,
                      TrustRootGroup.self]
    )

    /// Parses and runs the command. A usage error (unknown option, missing argument, a `validate()`
    /// refusal) is bad input like any other: exit 2, one line on stderr, and with `--output json` the
    /// same `{"schemaVersion":1,"error":{…}}` object every command prints on failure (code `usage`).
    static func main() async {
        let command: any ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            failUsage(error)
        }
        do {
            if var asynchronous = command as? any AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                var synchronous = command
                try synchronous.run()
            }
        } catch {
            exit(withError: error)
        }
    }

    /// Help and `--version` exit 0 as usual; every other parse failure is bad input (exit 2).
    private static func failUsage(_ error: any Error) -> Never {
        guard exitCode(for: error) == .validationFailure else { exit(withError: error) }
        let message = message(for: error)
        let arguments = CommandLine.arguments
        let json = zip(arguments, arguments.dropFirst()).contains { $0 == "--output" && $1 == "json" }
            || arguments.contains("--output=json")
        if json, let data = try? ApplianceJSON.encode(error: ApplianceError(.badInput, message, code: "usage")) {
            Swift.print(String(decoding: data, as: UTF8.self))
        }
        printError("error: \(message) (usage)")
        printError(fullMessage(for: error).split(separator: "\n").last.map(String.init) ?? "")
        exit(withError: ExitStatus.badInput)
    }
}
