import ArgumentParser
import Foundation
import AirlockAppliance

/// `--algorithm` of `keys init` and `keys rotate` (ecdsa-p256 or ed25519).
struct AlgorithmOption: ParsableArguments {
    @Option(name: .long, help: "Key algorithm: ecdsa-p256 or ed25519.")
    var algorithm: String = ApplianceKeyAlgorithm.ecdsaP256.rawValue

    func validate() throws { _ = try chosen() }

    /// The algorithm named, or a usage error listing the choices.
    func chosen() throws -> ApplianceKeyAlgorithm {
        guard let algorithm = ApplianceKeyAlgorithm(rawValue: algorithm) else {
            throw ValidationError("--algorithm must be one of: \(ApplianceKeyAlgorithm.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return algorithm
    }
}

/// `airlock keys`: the appliance's signing keys.
struct KeysGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Manage the appliance's signing keys (the private key never leaves the state directory).",
        subcommands: [KeysInit.self, KeysShow.self, KeysRotate.self, KeysDistrust.self],
        defaultSubcommand: KeysShow.self)
}

/// `airlock keys init`: make the first signing key.
struct KeysInit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Make the appliance's signing key (ECDSA P-256 by default) and its identity.",
        discussion: "The private key is written with mode 0600 under <state>/keys/ and never printed. Exit codes: 0 made, 2 keys already exist or bad option, 3 internal error.")

    @OptionGroup var options: StateOptions

    @OptionGroup var algorithm: AlgorithmOption

    @Option(name: .customLong("id"), help: "The appliance id written as VSA verifier.id (a URI; default urn:airlock:appliance:<key id prefix>).")
    var applianceID: String?

    func run() throws {
        let chosen = try algorithm.chosen()
        let ring: ApplianceKeyRing = try Output.attempt(options.output) { () throws(ApplianceError) in
            let ring = try ApplianceKeys(stateDirectory: options.stateDirectory).initialise(algorithm: chosen, applianceID: applianceID)
            try DecisionLogService(stateDirectory: options.stateDirectory).checkpoint()  // logs the key event
            return ring
        }
        try ApprovalText.render(ring, all: false, options: options)
    }
}

/// `airlock keys show`: the current public key and its id.
struct KeysShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print the appliance id, the signing key id and its PEM public key.")

    @OptionGroup var options: StateOptions

    @Flag(name: .long, help: "Also list retired keys (kept to verify old approvals).")
    var all = false

    func run() throws {
        let ring: ApplianceKeyRing = try Output.attempt(options.output) { () throws(ApplianceError) in
            try ApplianceKeys(stateDirectory: options.stateDirectory).load()
        }
        try ApprovalText.render(ring, all: all, options: options)
    }
}

/// `airlock keys rotate`: replace the signing key, keeping the old public key.
struct KeysRotate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate",
        abstract: "Make a new signing key; the old private key is deleted, its public key kept for old approvals.",
        discussion: "If the old private key cannot be deleted (the key directory is not writable), nothing is changed and the error names the file and the reason (key-not-deleted). Exit codes: 0 rotated, 2 no keys, 3 key-not-deleted or another internal error.")

    @OptionGroup var options: StateOptions

    @OptionGroup var algorithm: AlgorithmOption

    func run() throws {
        let chosen = try algorithm.chosen()
        let ring: ApplianceKeyRing = try Output.attempt(options.output) { () throws(ApplianceError) in
            let ring = try ApplianceKeys(stateDirectory: options.stateDirectory).rotate(algorithm: chosen)
            try DecisionLogService(stateDirectory: options.stateDirectory).checkpoint()  // logs the key event
            return ring
        }
        try ApprovalText.render(ring, all: true, options: options)
    }
}

/// `airlock keys distrust KEY_ID --reason TEXT`: approvals signed with the key stop verifying, and policies
/// generated from now on leave it out.
struct KeysDistrust: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "distrust",
        abstract: "Declare a retired key untrusted: approvals it signed fail `approvals verify`; new policies omit it.",
        discussion: "The current key cannot be distrusted: run `airlock keys rotate` first. Policies already applied still list the key until regenerated (`airlock approve`, or `airlock revoke`). Exit codes: 0 done, 2 unknown, current or already distrusted key.")

    @OptionGroup var options: StateOptions

    @Argument(help: "The key id (or an unambiguous prefix), as `airlock keys show --all` prints it.")
    var key: String

    @Option(name: .long, help: "Why (recorded in the key ring).")
    var reason: String

    func run() throws {
        let ring: ApplianceKeyRing
        do {
            ring = try ApplianceKeys(stateDirectory: options.stateDirectory).distrust(key, reason: reason)
            try DecisionLogService(stateDirectory: options.stateDirectory).checkpoint()  // logs the key event
        } catch {
            try Output.fail(error, output: options.output)
        }
        try ApprovalText.render(ring, all: true, options: options)
    }
}
