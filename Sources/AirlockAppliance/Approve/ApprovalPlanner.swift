public import Foundation
import AirlockFormats

/// Which images an approval covers.
public enum ApprovalSelection: Sendable, Equatable {
    /// Images named by `sha256:` digest or by an imported name; every one must be approvable.
    case images([String])
    /// Every top-level image of an imported bundle; every one must be approvable.
    case bundle(String)
    /// Every verified image whose latest verdict under the current policy passes; the others are listed as skipped.
    case allPassing
}

/// Why an image cannot be approved.
public struct Refusal: Sendable, Codable, Equatable {
    /// The image as the operator named it (or its digest).
    public var image: String
    /// Its digest, when known.
    public var digest: String?
    /// `unknown-image`, `ambiguous-name`, `not-verified`, `stale-policy`, `stale-verdict`, `failed`,
    /// `not-reproducible` (the verdict does not replay identically) or `database-damaged`.
    public var code: String
    /// One human line saying why and what to do.
    public var reason: String
}

/// The images an approval would cover, and those it refuses.
public struct ApprovalPlan: Sendable, Equatable {
    /// Approvable candidates, in digest order.
    public var approved: [ApprovalCandidate]
    /// Refused images (for `allPassing`: skipped ones).
    public var refusals: [Refusal]

    /// Whether the approval may be written: something to approve and, unless `allPassing`, nothing refused.
    public func mayProceed(_ selection: ApprovalSelection) -> Bool {
        !approved.isEmpty && (selection == .allPassing || refusals.isEmpty)
    }
}

/// Decides which images may be approved: only those whose latest verdict under the current policy is
/// PASS and not older than the maximum verdict age. Failing, missing and stale verdicts are refused.
public struct ApprovalPlanner: Sendable {
    /// The current policy.
    public var policy: CurrentPolicy
    /// The decision instant.
    public var now: Date
    /// Oldest verdict accepted.
    public var maxVerdictAge: TimeInterval

    /// How far in the future a verdict may be dated (clock skew between verifier runs) before it is refused.
    public static let allowedClockSkew: TimeInterval = 300

    /// Makes a planner.
    public init(policy: CurrentPolicy, now: Date, maxVerdictAge: TimeInterval) {
        self.policy = policy
        self.now = now
        self.maxVerdictAge = maxVerdictAge
    }

    /// Resolves the selection against `source` and checks each image.
    public func plan(_ selection: ApprovalSelection, source: any VerdictSource) throws(ApplianceError) -> ApprovalPlan {
        var targets: [(named: String, digest: String)] = []
        var refusals: [Refusal] = []
        switch selection {
        case .images(let references):
            for reference in references {
                if reference.hasPrefix("sha256:") {
                    if try source.isImported(digest: reference) {
                        targets.append((reference, reference))
                    } else {
                        refusals.append(Refusal(image: reference, digest: reference, code: "unknown-image",
                                                reason: "no image with this digest was imported"))
                    }
                    continue
                }
                let digests = try source.digests(named: reference)
                switch digests.count {
                case 0: refusals.append(Refusal(image: reference, digest: nil, code: "unknown-image",
                                                reason: "no imported image has this name"))
                case 1: targets.append((reference, digests[0]))
                default: refusals.append(Refusal(image: reference, digest: nil, code: "ambiguous-name",
                                                 reason: "the name belongs to \(digests.count) images (\(digests.joined(separator: ", "))); approve by digest"))
                }
            }
        case .bundle(let id):
            guard let digests = try source.digests(bundle: id) else {
                throw ApplianceError(.badInput, "no imported bundle matches \"\(id)\"", code: "unknown-bundle", field: "--bundle")
            }
            targets = digests.map { ($0, $0) }
        case .allPassing:
            targets = try source.verifiedDigests().map { ($0, $0) }
        }
        var approved: [String: ApprovalCandidate] = [:]
        for target in targets where approved[target.digest] == nil {
            switch check(target.digest, named: target.named, history: try source.verdicts(digest: target.digest)) {
            case .approve(var candidate):
                if target.named != target.digest { candidate.imageName = target.named }
                approved[target.digest] = candidate
            case .refuse(let refusal):
                refusals.append(refusal)
            }
        }
        return ApprovalPlan(approved: approved.keys.sorted().map { approved[$0]! }, refusals: refusals)
    }

    /// The latest verdict under the current policy, if it passes and is fresh.
    func check(_ digest: String, named: String, history: [ApprovalCandidate]) -> ImageDecision {
        func refuse(_ code: String, _ reason: String) -> ImageDecision {
            .refuse(Refusal(image: named, digest: digest, code: code, reason: reason))
        }
        guard let latest = history.last(where: { $0.policyDigest == policy.sha256 }) else {
            if let other = history.last {
                return refuse("stale-policy", "its latest verdict \(other.verdictID.prefix(12)) was decided under policy sha256:\(other.policyDigest.prefix(12)), not the current policy sha256:\(policy.sha256.prefix(12)); run airlock verify")
            }
            return refuse("not-verified", "no verdict is recorded for it; run airlock verify")
        }
        guard latest.verdictPassed else {
            return refuse("failed", "its latest verdict \(latest.verdictID.prefix(12)) is FAIL: \(latest.firstFailure ?? "no check passed")")
        }
        let age = now.timeIntervalSince(latest.verifiedAt)
        guard age <= maxVerdictAge else {
            return refuse("stale-verdict", "its latest verdict \(latest.verdictID.prefix(12)) is from \(RFC3339.format(latest.verifiedAt)), older than the \(Int(maxVerdictAge / 3600))h maximum; run airlock verify")
        }
        guard age >= -Self.allowedClockSkew else {
            return refuse("stale-verdict", "its latest verdict \(latest.verdictID.prefix(12)) is dated in the future (\(RFC3339.format(latest.verifiedAt)))")
        }
        return .approve(latest)
    }
}

/// The decision about one image.
enum ImageDecision: Sendable, Equatable {
    /// Approvable, with its latest passing verdict.
    case approve(ApprovalCandidate)
    /// Refused, and why.
    case refuse(Refusal)
}
