import Foundation
import AirlockStore

/// What the catalogue says the cluster should admit at an instant: the digests of active approvals (not
/// revoked, not expired), the digests of revoked approvals that no active approval covers (denied by every
/// generated policy), and the site policies of the active approvals.
struct AdmissionState {
    var active: [String]
    var denied: [String]
    var activePolicies: [String]

    static func read(_ store: Store, at instant: Date) throws(ApplianceError) -> AdmissionState {
        let active = try storeCall { try store.catalogue.activeApprovedDigests(at: instant) }
        let revocations = try storeCall { try store.catalogue.revocations() }
        let approvals = try storeCall { try store.catalogue.approvals() }
        var revoked = Set<String>()
        for id in revocations.keys {
            revoked.formUnion(try storeCall { try store.catalogue.approvalImages(approvalID: id) }.map(\.digest))
        }
        let policies = approvals.filter { revocations[$0.id] == nil && ($0.expiresAt.map { $0 > instant } ?? true) }.map(\.policySHA256)
        return AdmissionState(active: active, denied: revoked.subtracting(active).sorted(), activePolicies: Array(Set(policies)).sorted())
    }
}
