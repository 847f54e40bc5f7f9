import ArgumentParser

/// The `airlock` command: argument parsing and rendering only; every decision lives in AirlockAppliance.
@main
struct Airlock: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "airlock",
        abstract: "A sealed, offline verification appliance for software supply-chain evidence.",
        version: "0.1.0",
        subcommands: [VerifyBundle.self, VerifyLayout.self, ImportBundle.self, Bundles.self, Images.self,
                      VerifyImages.self, Replay.self, PolicyGroup.self,
                      KeysGroup.self, Approve.self, ApprovalsGroup.self, Revoke.self]
    )
}
