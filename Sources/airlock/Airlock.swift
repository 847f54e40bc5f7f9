import ArgumentParser
import AirlockAppliance

/// The `airlock` command: argument parsing and rendering only; every decision lives in AirlockAppliance.
@main
struct Airlock: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "airlock",
        abstract: "A sealed, offline verification appliance for software supply-chain evidence.",
        version: PolicyService.toolVersion,
        subcommands: [VerifyBundle.self, VerifyLayout.self, ImportBundle.self, Bundles.self, Images.self,
                      VerifyImages.self, Replay.self, PolicyGroup.self,
                      KeysGroup.self, Approve.self, ApprovalsGroup.self, Revoke.self]
    )
}
