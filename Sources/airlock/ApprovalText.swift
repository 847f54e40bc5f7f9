import Foundation
import AirlockAppliance
import AirlockFormats
import AirlockVerify

/// Text rendering of the key and approval commands.
enum ApprovalText {
    static func render(_ ring: ApplianceKeyRing, all: Bool, options: StateOptions) throws {
        if options.output == .json {
            try options.printJSON(all ? ring : ApplianceKeyRing(applianceID: ring.applianceID, keys: ring.current.map { [$0] } ?? []))
            return
        }
        print("appliance \(ring.applianceID)")
        for key in ring.keys.reversed() where all || key.isCurrent {
            var status = key.retired.map { "retired \(RFC3339.format($0, .secondsOfNearestMillisecond))" } ?? "current"
            if let when = key.distrusted { status += " distrusted \(RFC3339.format(when, .secondsOfNearestMillisecond)): \(key.distrustReason ?? "")" }
            print("key \(key.id) \(key.algorithm.rawValue) \(status)")
        }
        for line in ring.current?.publicKeyPEM.split(separator: "\n") ?? [] { print(line) }
    }

    static func render(_ report: ApprovalReport) {
        print("approved \(report.id) (\(report.images.count) image(s)) signed with key \(report.keyID.prefix(16))")
        for image in report.images { print("  \(image.digest)  \(image.name)  verdict \(image.verdictID.prefix(12))") }
        for skipped in report.skipped { print("  skipped \(skipped.image): \(skipped.code): \(skipped.reason)") }
        if !report.missingBlobs.isEmpty { print("  warning: \(report.missingBlobs.count) image blob(s) were not in the store (see approval.json)") }
        print("wrote \(report.outputDirectory) (see README.md there)")
    }

    static func render(_ refusals: [Refusal]) {
        printError("refused: nothing was written")
        for refusal in refusals {
            printError("  \(refusal.image)\(refusal.digest.map { $0 == refusal.image ? "" : " (\($0))" } ?? ""): \(refusal.code): \(refusal.reason)")
        }
    }

    static func render(_ approvals: [ApprovalSummary]) {
        if approvals.isEmpty { print("no approvals") }
        for approval in approvals {
            let expiry = approval.expiresAt.map { " expires \($0)" } ?? ""
            print("\(approval.id)  \(approval.status)  \(approval.createdAt) by \(approval.approver)\(expiry)  \(approval.images.count) image(s)")
            for image in approval.images { print("  \(image.digest)  \(image.name)  verdict \(image.verdictID.prefix(12))") }
            if let revokedAt = approval.revokedAt {
                print("  revoked \(revokedAt) by \(approval.revokedBy ?? "?"): \(approval.revokeReason ?? "")")
            }
        }
    }

    static func render(_ report: RevokeReport) {
        print("revoked \(report.id) at \(report.revokedAt); the allow-list now admits \(report.allowedDigests.count) digest(s), every policy denies \(report.deniedDigests.count)")
        if report.reapply.isEmpty {
            print("no policy file changed\(report.policyFiles.isEmpty ? " (none written: the approval's directory is gone; pass --out DIR)" : "")")
        } else {
            print("re-apply these files to the cluster (those of the policy kinds it runs):")
            for file in report.reapply { print("  kubectl apply -f \(file)") }
        }
        print("clean up the registry (set REGISTRY=host[:port]; \(report.registryNote)):")
        for image in report.registryCleanup {
            print("  \(image.repository) \(image.digest) (\(image.image)):")
            for command in image.commands { print("    \(command)") }
            if let note = image.note { print("    note: \(note)") }
        }
        print("admission cache: revoked digests are refused \(report.cacheDelaySeconds) s after the files are applied")
        for line in report.cache { print("  \(line)") }
    }

    static func render(_ check: ApprovalCheck, file: String) {
        if check.valid {
            print("verified \(file): \(check.reason)")
            for subject in check.subjects { print("  \(subject)") }
        } else {
            print("NOT VALID \(file): \(check.code): \(check.reason)")
        }
    }
}
