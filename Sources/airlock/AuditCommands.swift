import ArgumentParser
import Foundation
import AirlockAppliance

/// `airlock audit`: the tamper-evident decision log.
struct AuditGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Verify the decision log and print RFC 6962 proofs from it.",
        subcommands: [AuditVerify.self, AuditList.self, AuditProve.self, AuditConsistency.self, AuditExport.self])
}

/// `airlock audit verify`: recompute the log from the catalogue and blobs, check every checkpoint.
struct AuditVerify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Recompute the decision log from the stored records and blobs; check every signed checkpoint and their consistency.",
        discussion: "Exit codes: 0 the log verifies, 1 findings (each names the record kind and id), 2 bad input, 3 internal error.")

    @OptionGroup var options: StateOptions

    func run() throws {
        let report: AuditReport
        do {
            report = try DecisionLogService(stateDirectory: options.stateDirectory).verify()
        } catch {
            try Output.fail(error, output: options.output)
        }
        switch options.output {
        case .json: try options.printJSON(report)
        case .text:
            print("decision log: \(report.treeSize) leaves, root \(report.rootHash)")
            print("checkpoints: \(report.checkpoints), latest signed size \(report.signedSize); blobs re-hashed: \(report.blobsChecked)")
            print("leaves by kind: " + report.leavesByKind.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
            for finding in report.findings { print("FINDING \(finding.kind) \(finding.id): \(finding.reason)") }
            print(report.verified ? "verified" : "\(report.findings.count) finding(s)")
        }
        if !report.verified { throw ExitStatus.verificationFailed }
    }
}

/// `airlock audit prove RECORD`: an inclusion proof against the latest signed checkpoint.
struct AuditProve: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prove",
        abstract: "Print the RFC 6962 inclusion proof of one record against the latest signed checkpoint.",
        discussion: "RECORD: a bundle id or archive SHA-256, a verdict id or sequence number, an approval id, a key id, or kind:id. Exit codes: 0 printed, 2 unknown or unsigned record, 3 internal error.")

    @OptionGroup var options: StateOptions

    @Argument(help: "The record (kind:id to disambiguate).")
    var record: String

    func run() throws {
        let proof: InclusionProofReport
        do {
            proof = try DecisionLogService(stateDirectory: options.stateDirectory).prove(record)
        } catch {
            try Output.fail(error, output: options.output)
        }
        switch options.output {
        case .json: try options.printJSON(proof)
        case .text:
            print("\(proof.kind) \(proof.recordId): leaf \(proof.leafIndex) of \(proof.treeSize)")
            print("leaf data (sha256 of entry): \(proof.leafData)")
            print("leaf hash: \(proof.leafHash)")
            for hash in proof.proof { print("proof: \(hash)") }
            print("root: \(proof.rootHash)")
        }
    }
}

/// `airlock audit consistency OLD [NEW]`: a consistency proof between two tree sizes.
struct AuditConsistency: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "consistency",
        abstract: "Print the RFC 6962 consistency proof between two sizes of the decision log (NEW: the latest signed size).",
        discussion: "Exit codes: 0 printed, 2 sizes out of range, 3 internal error.")

    @OptionGroup var options: StateOptions

    @Argument(help: "The older tree size.")
    var oldSize: Int

    @Argument(help: "The newer tree size.")
    var newSize: Int?

    func run() throws {
        let proof: ConsistencyProofReport
        do {
            proof = try DecisionLogService(stateDirectory: options.stateDirectory).consistency(old: oldSize, new: newSize)
        } catch {
            try Output.fail(error, output: options.output)
        }
        switch options.output {
        case .json: try options.printJSON(proof)
        case .text:
            print("from \(proof.oldSize) (root \(proof.oldRootHash)) to \(proof.newSize) (root \(proof.newRootHash))")
            for hash in proof.proof { print("proof: \(hash)") }
        }
    }
}

/// `airlock audit export DIR`: the log, checkpoints, keys, a verifier script and a README.
struct AuditExport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the decision log (entries, checkpoints, public keys, verify.py, README) to DIR for an outside verifier.",
        discussion: "Exit codes: 0 written, 2 DIR not empty or unwritable, 3 internal error.")

    @OptionGroup var options: StateOptions

    @Argument(help: "The directory to write (must not exist or be empty).")
    var directory: String

    func run() throws {
        let report: AuditExportReport
        do {
            report = try DecisionLogService(stateDirectory: options.stateDirectory)
                .export(to: URL(fileURLWithPath: directory, isDirectory: true))
        } catch {
            try Output.fail(error, output: options.output)
        }
        switch options.output {
        case .json: try options.printJSON(report)
        case .text: print("exported \(report.treeSize) leaves and \(report.checkpoints) checkpoints to \(report.directory)")
        }
    }
}

/// `airlock audit list [--kind KIND]`: the log's leaves, one line each (trust-root changes among them).
struct AuditList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the decision log's leaves as logged: index, kind, record, and what the entry says.",
        discussion: "Read-only. KIND: import, verdict, approval, revocation, key or trustroot. Exit codes: 0 listed, 2 bad input, 3 internal error.")

    @OptionGroup var options: StateOptions

    @Option(name: .long, help: "Only leaves of this kind.")
    var kind: String?

    func run() throws {
        let listing = try Output.attempt(options.output) { () throws(ApplianceError) in
            try DecisionLogService(stateDirectory: options.stateDirectory).list(kind: kind)
        }
        switch options.output {
        case .json: try options.printJSON(listing)
        case .text:
            for line in listing.leaves {
                print("\(line.index)\(line.signed ? "" : "*") \(line.kind) \(line.recordId.prefix(16))  \(line.summary)")
            }
            print("\(listing.leaves.count) of \(listing.treeSize) leaves; signed up to \(listing.signedSize) (* not yet signed)")
        }
    }
}
